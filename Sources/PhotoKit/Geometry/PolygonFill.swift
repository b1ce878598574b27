/// Which points, and which pixel centres of a grid, lie inside a polygon (even-odd rule).
/// One crossing test serves both, so a filled polygon marks exactly the pixels that the
/// point test puts inside.
enum PolygonFill {
    /// Whether `p` lies inside `polygon`.
    static func contains(_ polygon: [Point], _ p: Point) -> Bool {
        var inside = false
        forEachCrossing(of: polygon, atRow: p.y) { x in if p.x < x { inside.toggle() } }
        return inside
    }

    /// Row-major, true for each pixel of a `width` × `height` grid whose centre (x, y) lies
    /// inside `polygon`. Row by row: the edges a row crosses are found once, then each pixel
    /// counts the crossings to its right (the per-pixel test without redoing it per pixel).
    static func inside(_ polygon: [Point], width: Int, height: Int) -> [Bool] {
        var members = [Bool](repeating: false, count: width * height)
        guard let minY = polygon.map(\.y).min(), let maxY = polygon.map(\.y).max(),
              let minX = polygon.map(\.x).min(), let maxX = polygon.map(\.x).max() else { return members }
        let y0 = max(0, Int(minY.rounded(.down))), y1 = min(height - 1, Int(maxY.rounded(.up)))
        let x0 = max(0, Int(minX.rounded(.down))), x1 = min(width - 1, Int(maxX.rounded(.up)))
        guard y0 <= y1, x0 <= x1 else { return members }
        var crossings: [Double] = []
        for y in y0...y1 {
            crossings.removeAll(keepingCapacity: true)
            forEachCrossing(of: polygon, atRow: Double(y)) { crossings.append($0) }
            guard !crossings.isEmpty else { continue }
            for x in x0...x1 {
                let px = Double(x)
                var inside = false
                for crossing in crossings where px < crossing { inside.toggle() }
                if inside { members[y * width + x] = true }
            }
        }
        return members
    }

    /// The x of each edge of `polygon` that the horizontal line at `y` crosses.
    @inline(__always)
    private static func forEachCrossing(of polygon: [Point], atRow y: Double, _ body: (Double) -> Void) {
        var j = polygon.count - 1
        for i in 0..<polygon.count {
            let a = polygon[i], b = polygon[j]
            if (a.y > y) != (b.y > y) { body((b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) }
            j = i
        }
    }
}
