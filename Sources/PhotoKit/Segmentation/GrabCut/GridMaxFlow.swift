/// The minimum cut of GrabCut's graph, an 8-connected pixel grid, found as OpenCV's
/// `GCGraph::maxFlow` finds it (Boykov–Kolmogorov: source and sink search trees grown from a
/// FIFO of active nodes, paths augmented, orphans re-adopted by distance and timestamp),
/// step for step, so that even the pixels no tree reaches at the end (which keep the side
/// they last belonged to) are labelled as OpenCV labels them.
///
/// OpenCV keeps the graph as linked edge lists; here the grid is implicit. Each node holds
/// the residual capacities of its 8 edges in the order OpenCV walks them (the reverse of the
/// order it adds them: down-right, down, down-left, right, up-right, up, up-left, left), and
/// the grid has a border of nodes whose edges have no capacity, which every step of the
/// algorithm passes over as OpenCV passes over edges it never made.
struct GridMaxFlow {
    let width: Int, height: Int
    /// Nodes per padded row.
    let stride: Int
    /// Residual capacity of edge `8 × node + direction`.
    private(set) var capacity: [Double]
    /// Net terminal capacity per node: positive towards the source, negative towards the sink.
    private(set) var terminal: [Double]
    /// After `run()`: 1 where a node ended on the sink's side.
    private(set) var sinkSide: [UInt8] = []

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        stride = width + 2
        capacity = [Double](repeating: 0, count: 8 * stride * (height + 2))
        terminal = [Double](repeating: 0, count: stride * (height + 2))
    }

    /// Each direction's reverse, directions numbered in OpenCV's walking order.
    private static let reverse: [Int] = [6, 5, 4, 7, 2, 1, 0, 3]
    /// The source tree's side of a path, then the sink tree's (OpenCV's k = 1, 0).
    private static let bothTrees = [true, false]
    private static let downRight = 0, down = 1, downLeft = 2, right = 3, upRight = 4, up = 5, upLeft = 6, left = 7

    func node(_ x: Int, _ y: Int) -> Int { (y + 1) * stride + x + 1 }

    /// GCGraph::addTermWeights on a fresh node.
    mutating func setTerminal(_ x: Int, _ y: Int, source: Double, sink: Double) {
        terminal[node(x, y)] = source - sink
    }

    /// The pixel's edges to its left, up-left, up and up-right neighbours (both directions
    /// get the weight, as GCGraph::addEdges(i, j, w, w) gives it).
    mutating func setEdges(_ x: Int, _ y: Int, left l: Double, upLeft ul: Double, up u: Double, upRight ur: Double) {
        let n = node(x, y)
        if x > 0 { capacity[8 * n + Self.left] = l; capacity[8 * (n - 1) + Self.right] = l }
        if x > 0 && y > 0 { capacity[8 * n + Self.upLeft] = ul; capacity[8 * (n - stride - 1) + Self.downRight] = ul }
        if y > 0 { capacity[8 * n + Self.up] = u; capacity[8 * (n - stride) + Self.down] = u }
        if x < width - 1 && y > 0 { capacity[8 * n + Self.upRight] = ur; capacity[8 * (n - stride + 1) + Self.downLeft] = ur }
    }

    /// Whether the pixel ended on the source's side (`GCGraph::inSourceSegment`).
    func isSourceSide(_ x: Int, _ y: Int) -> Bool { sinkSide[node(x, y)] == 0 }

    /// Runs the flow; throws where OpenCV's assertions would (a path with no capacity left,
    /// which only NaN weights make). Each piece of a node's search state (OpenCV's `Vtx`) is
    /// its own array of 32-bit values, so the parent links the paths are walked along stay in
    /// the nearest cache.
    mutating func run() throws {
        let count = stride * (height + 2)
        let offsets = [stride + 1, stride, stride - 1, 1, -stride + 1, -stride, -stride - 1, -1]
        // Edge 8n + d reversed is edge 8(n + offset[d]) + reverse[d].
        let reversal = (0..<8).map { 8 * offsets[$0] + Self.reverse[$0] - $0 }
        let terminalParent: Int32 = -1, orphanParent: Int32 = -2, notQueued: Int32 = -1
        let endOfQueue = Int32(count)
        // The edge to the parent + 1 (0 free, `terminalParent` a root, `orphanParent` an
        // orphan); the next active node (`notQueued` when not active, one slot for the end
        // of the queue); the time stamp and distance to the root; the tree (0 source, 1 sink).
        // The parent's node is kept beside its edge, so walks towards a root step straight to it.
        var parent = [Int32](repeating: 0, count: count), parentNode = [Int32](repeating: 0, count: count)
        var next = [Int32](repeating: notQueued, count: count + 1)
        var stamp = [Int32](repeating: 0, count: count), distance = [Int32](repeating: 0, count: count)
        var tree = [UInt8](repeating: 0, count: count)
        var orphans: [Int] = []
        // The augmenting path's steps (the node, its edge towards the sink and back), and
        // each tree's root with the count of steps up to it.
        var path: [(node: Int, forward: Int, backward: Int)] = []
        path.reserveCapacity(1024)
        var roots = [(node: Int, end: Int)](repeating: (0, 0), count: 2)
        var failed = false

        capacity.withUnsafeMutableBufferPointer { cap in
        terminal.withUnsafeMutableBufferPointer { weight in
        parent.withUnsafeMutableBufferPointer { parent in
        parentNode.withUnsafeMutableBufferPointer { parentNode in
        next.withUnsafeMutableBufferPointer { next in
        stamp.withUnsafeMutableBufferPointer { stamp in
        distance.withUnsafeMutableBufferPointer { distance in
        tree.withUnsafeMutableBufferPointer { tree in
        offsets.withUnsafeBufferPointer { offsets in
        reversal.withUnsafeBufferPointer { reversal in
            @inline(__always) func target(_ edge: Int) -> Int { (edge >> 3) &+ offsets[edge & 7] }
            @inline(__always) func reversed(_ edge: Int) -> Int { edge &+ reversal[edge & 7] }
            @inline(__always) func parentEdge(_ v: Int) -> Int { Int(parent[v]) &- 1 }
            // Every node with a terminal capacity starts active, in index order.
            var first = Int(endOfQueue), last = Int(endOfQueue)
            for i in 0..<count where weight[i] != 0 {
                if last == Int(endOfQueue) { first = i } else { next[last] = Int32(truncatingIfNeeded: i) }
                last = i
                distance[i] = 1
                parent[i] = terminalParent
                tree[i] = weight[i] < 0 ? 1 : 0
            }
            if last != Int(endOfQueue) { next[last] = endOfQueue }
            @inline(__always) func activate(_ u: Int) {
                next[u] = endOfQueue
                next[last] = Int32(truncatingIfNeeded: u)
                last = u
            }
            var time: Int32 = 0

            while true {
                // Grow the trees until an edge joins them.
                var joining = -1
                while first != Int(endOfQueue) {
                    let v = first
                    if parent[v] != 0 {
                        let side = tree[v]
                        for d in 0..<8 {
                            let edge = 8 &* v &+ d, back = edge &+ reversal[d]
                            // Source tree: capacity from v to u; sink tree: from u to v.
                            if cap[side == 0 ? edge : back] == 0 { continue }
                            let u = v &+ offsets[d]
                            if parent[u] == 0 {
                                tree[u] = side
                                parent[u] = Int32(truncatingIfNeeded: back &+ 1)
                                parentNode[u] = Int32(truncatingIfNeeded: v)
                                stamp[u] = stamp[v]
                                distance[u] = distance[v] &+ 1
                                if next[u] == notQueued { activate(u) }
                                continue
                            }
                            if tree[u] != side {
                                joining = side == 0 ? edge : back
                                break
                            }
                            if distance[u] > distance[v] &+ 1 && stamp[u] <= stamp[v] {
                                parent[u] = Int32(truncatingIfNeeded: back &+ 1)
                                parentNode[u] = Int32(truncatingIfNeeded: v)
                                stamp[u] = stamp[v]
                                distance[u] = distance[v] &+ 1
                            }
                        }
                        if joining >= 0 { break }
                    }
                    first = Int(next[v])
                    next[v] = notQueued
                }
                if joining < 0 { break }

                // The path's bottleneck: the joining edge, each tree's edges towards the sink,
                // and the two roots' terminal capacities. Each step is kept for the push.
                var bottleneck = cap[joining]
                path.removeAll(keepingCapacity: true)
                for (tree, sourceTree) in Self.bothTrees.enumerated() {
                    var v = sourceTree ? joining >> 3 : target(joining)
                    while parent[v] > 0 {
                        let edge = parentEdge(v), back = reversed(edge)
                        // Towards the sink: parent → v in the source tree, v → parent in the sink tree.
                        let step = sourceTree ? (node: v, forward: back, backward: edge) : (node: v, forward: edge, backward: back)
                        path.append(step)
                        let w = cap[step.forward]
                        bottleneck = bottleneck > w ? w : bottleneck
                        v = Int(parentNode[v])
                    }
                    roots[tree] = (v, path.count)
                    let w = abs(weight[v])
                    bottleneck = bottleneck > w ? w : bottleneck
                }
                guard bottleneck > 0 else { failed = true; return }

                // Push it, and orphan the nodes whose edge to their parent is saturated.
                cap[joining] -= bottleneck
                cap[reversed(joining)] += bottleneck
                var start = 0
                for (tree, sourceTree) in Self.bothTrees.enumerated() {
                    let (root, end) = roots[tree]
                    for step in path[start..<end] {
                        cap[step.backward] += bottleneck
                        cap[step.forward] -= bottleneck
                        if cap[step.forward] == 0 {
                            orphans.append(step.node)
                            parent[step.node] = orphanParent
                        }
                    }
                    start = end
                    weight[root] = weight[root] + bottleneck * (sourceTree ? -1 : 1)
                    if weight[root] == 0 {
                        orphans.append(root)
                        parent[root] = orphanParent
                    }
                }

                // Re-adopt the orphans: the neighbour in the same tree nearest its root, or none.
                time &+= 1
                while let v = orphans.popLast() {
                    let side = tree[v]
                    var nearest = Int.max, adopter = 0, adoptive = 0
                    for d in 0..<8 {
                        // A neighbour in the same tree (tested first: the capacity of the
                        // edge from it lies in its own cache line) with capacity from it to v
                        // (source tree) or from v to it (sink tree).
                        let edge = 8 &* v &+ d, u0 = v &+ offsets[d]
                        if tree[u0] != side || parent[u0] == 0 { continue }
                        if cap[side == 0 ? edge &+ reversal[d] : edge] == 0 { continue }
                        var u = u0, steps = 0
                        while true {
                            if stamp[u] == time { steps &+= Int(distance[u]); break }
                            let up = parent[u]
                            steps &+= 1
                            if up < 0 {
                                if up == orphanParent { steps = Int(Int32.max) - 1 } else { stamp[u] = time; distance[u] = 1 }
                                break
                            }
                            u = Int(parentNode[u])
                        }
                        steps &+= 1
                        if steps < Int(Int32.max) {
                            if steps < nearest { nearest = steps; adopter = edge &+ 1; adoptive = u0 }
                            var w = u0
                            while stamp[w] != time {
                                stamp[w] = time
                                steps &-= 1
                                distance[w] = Int32(truncatingIfNeeded: steps)
                                w = Int(parentNode[w])
                            }
                        }
                    }
                    parent[v] = Int32(truncatingIfNeeded: adopter)
                    if adopter > 0 {
                        parentNode[v] = Int32(truncatingIfNeeded: adoptive)
                        stamp[v] = time
                        distance[v] = Int32(truncatingIfNeeded: nearest)
                        continue
                    }
                    // None: v leaves its tree; its neighbours there become active, its children orphans.
                    stamp[v] = 0
                    for d in 0..<8 {
                        let u = v &+ offsets[d], up = parent[u]
                        if tree[u] != side || up == 0 { continue }
                        let edge = 8 &* v &+ d
                        if cap[side == 0 ? edge &+ reversal[d] : edge] != 0 && next[u] == notQueued { activate(u) }
                        if up > 0 && Int(parentNode[u]) == v {
                            orphans.append(u)
                            parent[u] = orphanParent
                        }
                    }
                }
            }
        }}}}}}}}}}
        if failed {
            throw VisionError(kind: .openCV, operation: "GrabCut's minimum cut", message: "an augmenting path has no capacity (NaN weights)")
        }
        sinkSide = tree
    }
}
