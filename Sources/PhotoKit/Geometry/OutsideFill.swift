import Foundation

/// What a spec's photo shows where its frame reaches past the master: the master mirrored
/// at the edges in `mirrored`, the flat `colour` beyond the others.
///
/// Mirrored, a levelled frame's corner wedges show the backdrop and clothes going on
/// instead of flat wedges of colour. But a frame reaching past an edge nearly as far as the
/// head lies inside it (a chin close to the bottom, a crown close to the top) would bring
/// the head back upside down, so an edge is mirrored only when the frame reaches past it
/// by at most `mirrorReach` of the head's distance from it; beyond the others the colour
/// stays, and `crop_margins` reports its share.
public struct OutsideFill: Sendable, Equatable {
    public enum Edge: Int, CaseIterable, Sendable {
        case left, top, right, bottom
    }

    public var colour: RGBColor
    public var mirrored: Set<Edge>

    public init(colour: RGBColor, mirrored: Set<Edge> = []) {
        self.colour = colour
        self.mirrored = mirrored
    }

    /// How far a mirror may reach past an edge, as a share of the head's distance from it.
    /// On the shared portraits, bottoms mirrored about half as deep as the chin's distance
    /// (img25, john2) continued the clothes; at 0.97 of it (keliamoniz1) a shirt's lettering
    /// came back mirrored.
    static let mirrorReach = 0.75

    /// The fill for `plan`'s frame of `size` over a master of `source` size. Without a
    /// crown the head's top is unknown, and the top edge is not mirrored.
    public static func choose(for plan: CropPlan, size: Size, source: Size, landmarks: FaceLandmarks, crown: Point?,
                              colour: RGBColor) -> OutsideFill {
        let xs = landmarks.points.map(\.x), ys = landmarks.points.map(\.y)
        let headClearance: [Edge: Double] = [.left: xs.min()!, .top: crown?.y ?? 0,
                                             .right: Double(source.width) - xs.max()!, .bottom: Double(source.height) - ys.max()!]
        let reach = reachPastEdges(of: plan, size: size, source: source)
        return OutsideFill(colour: colour, mirrored: Set(Edge.allCases.filter { reach[$0]! > 0 && reach[$0]! <= mirrorReach * headClearance[$0]! }))
    }

    /// How far (master pixels) the frame reaches past each edge (0 where it stays inside):
    /// the distance beyond an edge is linear, so its largest is at one of the frame's corners.
    static func reachPastEdges(of plan: CropPlan, size: Size, source: Size) -> [Edge: Double] {
        let corners = CropRenderer.cornersInMaster(of: plan, size: size)
        var reach: [Edge: Double] = [:]
        for edge in Edge.allCases { reach[edge] = max(0, corners.map { beyond(edge, $0, source: source) }.max()!) }
        return reach
    }

    /// How far `p` lies beyond `edge` (negative: inside).
    static func beyond(_ edge: Edge, _ p: Point, source: Size) -> Double {
        switch edge {
        case .left: -p.x
        case .top: -p.y
        case .right: p.x - Double(source.width - 1)
        case .bottom: p.y - Double(source.height - 1)
        }
    }

    /// Which pixels take the warp with the colour border: beyond an edge that is not
    /// mirrored, or within `blend` output pixels inside it, where the warp's kernel already
    /// mixes in the colour (so the master's edge keeps its soft step to it).
    static func colourPixels(_ fill: OutsideFill, plan: CropPlan, size: Size, source: Size, blend: Double = 3) -> [Bool] {
        let plain = bits(Edge.allCases.filter { !fill.mirrored.contains($0) })
        return classify(plan: plan, size: size, source: source, margin: blend / plan.scale) { $1 & plain != 0 }
    }

    /// `rule` applied to each frame pixel's row and the set of edges it lies beyond (bit
    /// `Edge.rawValue`), or within `margin` master pixels inside of.
    private static func classify(plan: CropPlan, size: Size, source: Size, margin: Double = 0,
                                 _ rule: (_ row: Int, _ past: Int) -> Bool) -> [Bool] {
        let inverse = plan.transform.inverted()
        var result = [Bool](repeating: false, count: size.width * size.height)
        for y in 0..<size.height {
            for x in 0..<size.width {
                let p = inverse.apply(Point(x: Double(x), y: Double(y)))
                var past = 0
                for edge in Edge.allCases where beyond(edge, p, source: source) > -margin { past |= 1 << edge.rawValue }
                result[y * size.width + x] = rule(y, past)
            }
        }
        return result
    }

    /// The edges in `edges` as bits `Edge.rawValue`.
    private static func bits(_ edges: some Sequence<Edge>) -> Int { edges.reduce(0) { $0 | 1 << $1.rawValue } }

    /// The frame's pixels that matting treats as picture rather than certainly backdrop: the
    /// master's own, and the mirror below the chin, where shoulders and clothes go on past
    /// the master's edge. (As backdrop, a frame levelled past the master's bottom showed a
    /// wedge of the new colour under a shoulder.) Beyond the master above the chin, beside
    /// and over the head, is backdrop, mirrored or not.
    public func pictureForMatting(plan: CropPlan, size: Size, source: Size, chinRow: Double) -> [Bool] {
        guard !mirrored.isEmpty else { return CropRenderer.coverage(of: plan, size: size, source: source) }
        // One pass: covered (beyond no edge), or below the chin and beyond mirrored edges only.
        let mirror = Self.bits(mirrored)
        return Self.classify(plan: plan, size: size, source: source) { row, past in
            past == 0 || (Double(row) >= chinRow && past & ~mirror == 0)
        }
    }
}
