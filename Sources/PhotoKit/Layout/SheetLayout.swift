/// Where photos go on a print sheet: each at its exact physical size, in rows with gaps a
/// guillotine can cut along and a margin printers leave blank. Pure geometry in
/// millimetres; `SheetRenderer` turns it into pixels.
public struct SheetLayout: Equatable, Sendable {
    public var paper: PhotoSpec.Millimetres
    public var placements: [Placement]

    /// One photo on the sheet: which of the requested photos, its top-left corner and size.
    public struct Placement: Equatable, Sendable {
        public var photo: Int
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double
    }

    /// A straight line on the sheet, in millimetres.
    public struct Segment: Equatable, Sendable {
        public var x0, y0, x1, y1: Double
    }

    /// Cut marks: each photo edge continued outward from each corner by half a gap, so
    /// where neighbours line up their marks join into the line to cut along.
    public var cutMarks: [Segment] {
        let l = Self.gap / 2
        return placements.flatMap { p -> [Segment] in
            let x0 = p.x, y0 = p.y, x1 = p.x + p.width, y1 = p.y + p.height
            return [y0, y1].flatMap { y in [Segment(x0: x0 - l, y0: y, x1: x0, y1: y), Segment(x0: x1, y0: y, x1: x1 + l, y1: y)] }
                + [x0, x1].flatMap { x in [Segment(x0: x, y0: y0 - l, x1: x, y1: y0), Segment(x0: x, y0: y1, x1: x, y1: y1 + l)] }
        }
    }

    /// Blank border printers cannot reach, and the gap between photos (room for a cut on
    /// each side of a 1 mm blade path).
    public static let margin = 2.0, gap = 2.0

    /// Lays out `photos` (sizes in mm), `counts[i]` copies of each, in order, filling rows
    /// left to right and top to bottom (a row is as tall as its tallest photo), the block then
    /// centred on the paper. A nil count
    /// means as many as fit — the paper is tried both ways up and the layout holding more
    /// photos kept. Copies that do not fit are left out; the caller compares counts.
    public static func plan(paper: PhotoSpec.Millimetres, photos: [PhotoSpec.Millimetres], counts: [Int?]) -> SheetLayout {
        let upright = PhotoSpec.Millimetres(width: min(paper.width, paper.height), height: max(paper.width, paper.height))
        let turned = PhotoSpec.Millimetres(width: upright.height, height: upright.width)
        let candidates = [upright, turned].map { fill(paper: $0, photos: photos, counts: counts) }
        return candidates.max { $0.placements.count < $1.placements.count }!
    }

    private static func fill(paper: PhotoSpec.Millimetres, photos: [PhotoSpec.Millimetres], counts: [Int?]) -> SheetLayout {
        var placements: [Placement] = []
        var x = margin, y = margin, rowHeight = 0.0
        let right = paper.width - margin, bottom = paper.height - margin
        for (index, size) in photos.enumerated() {
            var placed = 0
            while counts[index].map({ placed < $0 }) ?? true {
                if x + size.width > right + 1e-9 {  // next row
                    x = margin
                    y += rowHeight + gap
                    rowHeight = 0
                }
                guard x + size.width <= right + 1e-9, y + size.height <= bottom + 1e-9 else { break }
                placements.append(Placement(photo: index, x: x, y: y, width: size.width, height: size.height))
                x += size.width + gap
                rowHeight = max(rowHeight, size.height)
                placed += 1
            }
        }
        return SheetLayout(paper: paper, placements: centred(placements, on: paper))
    }

    /// The block of photos moved to the middle of the paper, so the blank paper left over
    /// is shared by both sides instead of all falling on the right and at the bottom.
    private static func centred(_ placements: [Placement], on paper: PhotoSpec.Millimetres) -> [Placement] {
        guard let minX = placements.map(\.x).min(), let minY = placements.map(\.y).min(),
              let maxX = placements.map({ $0.x + $0.width }).max(), let maxY = placements.map({ $0.y + $0.height }).max() else { return [] }
        let dx = (paper.width - (maxX - minX)) / 2 - minX, dy = (paper.height - (maxY - minY)) / 2 - minY
        return placements.map { var p = $0; p.x += dx; p.y += dy; return p }
    }
}
