/// k-means over 3-channel samples as OpenCV's `cv::kmeans` runs it for GrabCut's start
/// (KMEANS_PP_CENTERS with 3 seeding trials, 10 rounds, one attempt): the same random
/// draws, the same float arithmetic, tie rules and empty-cluster repair, so the labels are
/// OpenCV's. OpenCV calls a distance function per sample and centre, which made its
/// k-means a fifth of a GrabCut round on the masks' windows; here the distances are inline.
enum KMeansPlusPlus {
    /// The cluster of each sample (`samples` holds `count` triples).
    static func labels(of samples: [Float], count n: Int, clusters k: Int, random: inout OpenCVRandom) -> [Int] {
        precondition(n >= k && k > 0 && samples.count == 3 * n)
        // OpenCV runs one cluster for two rounds, more for ten.
        let rounds = k == 1 ? 2 : 10
        let epsilon = Double(Float.ulpOfOne) * Double(Float.ulpOfOne)
        return samples.withUnsafeBufferPointer { s in
            var centres = seeds(s, count: n, clusters: k, random: &random)
            var labels = [Int](repeating: 0, count: n)
            assign(s, count: n, centres: centres, to: &labels)
            var round = 1
            while true {
                let old = centres
                centres = means(s, count: n, clusters: k, labels: &labels)
                // The largest squared move of a centre (each difference rounded to float first).
                var shift = 0.0
                for cluster in 0..<k {
                    var moved = 0.0
                    for j in 0..<3 {
                        let t = Double(centres[3 * cluster + j] - old[3 * cluster + j])
                        moved += t * t
                    }
                    shift = max(shift, moved)
                }
                round += 1
                // The last round's labels are not reassigned (OpenCV: "to avoid empty clusters").
                if round == rounds || shift <= epsilon { break }
                assign(s, count: n, centres: centres, to: &labels)
            }
            return labels
        }
    }

    /// `hal::normL2Sqr_` between sample `i` and triple `k` of `c` (a centre, or another
    /// sample when `c` is the samples): summed in order, each step rounded to float.
    @inline(__always)
    private static func distance(_ s: UnsafeBufferPointer<Float>, _ i: Int, _ c: UnsafeBufferPointer<Float>, _ k: Int) -> Float {
        let t0 = s[3 * i] - c[3 * k], t1 = s[3 * i + 1] - c[3 * k + 1], t2 = s[3 * i + 2] - c[3 * k + 2]
        return t0 * t0 + t1 * t1 + t2 * t2
    }

    /// k-means++ seeding (OpenCV's `generateCentersPP`): the first centre drawn uniformly,
    /// each next one the best of three draws weighted by the squared distance to the
    /// centres so far.
    private static func seeds(_ s: UnsafeBufferPointer<Float>, count n: Int, clusters k: Int, random: inout OpenCVRandom) -> [Float] {
        var chosen = [Int(random.next() % UInt32(n))]
        // Three rows as OpenCV keeps them: the distances so far, the best trial's, this trial's.
        let rows = UnsafeMutableBufferPointer<Float>.allocate(capacity: 3 * n)
        defer { rows.deallocate() }
        var nearest = rows.baseAddress!, best = nearest + n, trial = best + n
        var total = 0.0
        for i in 0..<n {
            nearest[i] = distance(s, i, s, chosen[0])
            total += Double(nearest[i])
        }
        for _ in 1..<k {
            var bestSum = Double.greatestFiniteMagnitude, bestCentre = -1
            for _ in 0..<3 {
                var p = random.nextDouble() * total
                var candidate = 0
                while candidate < n - 1 {
                    p -= Double(nearest[candidate])
                    if p <= 0 { break }
                    candidate += 1
                }
                var sum = 0.0
                for i in 0..<n {
                    let d = distance(s, i, s, candidate), known = nearest[i]
                    let kept = d < known ? d : known
                    trial[i] = kept
                    sum += Double(kept)
                }
                if sum < bestSum {
                    bestSum = sum
                    bestCentre = candidate
                    swap(&best, &trial)
                }
            }
            chosen.append(bestCentre)
            total = bestSum
            swap(&nearest, &best)
        }
        return chosen.flatMap { [s[3 * $0], s[3 * $0 + 1], s[3 * $0 + 2]] }
    }

    /// Each sample to its nearest centre, the first on a tie.
    private static func assign(_ s: UnsafeBufferPointer<Float>, count n: Int, centres: [Float], to labels: inout [Int]) {
        let k = centres.count / 3
        centres.withUnsafeBufferPointer { c in
            labels.withUnsafeMutableBufferPointer { out in
                for i in 0..<n {
                    var best = 0, nearest = Double.greatestFiniteMagnitude
                    for cluster in 0..<k {
                        let d = Double(distance(s, i, c, cluster))
                        if nearest > d {
                            nearest = d
                            best = cluster
                        }
                    }
                    out[i] = best
                }
            }
        }
    }

    /// The clusters' means (sums in float, scaled by the float reciprocal of the count). An
    /// empty cluster takes the sample farthest from the largest cluster's mean (the last
    /// of equals), which changes that sample's label.
    private static func means(_ s: UnsafeBufferPointer<Float>, count n: Int, clusters k: Int, labels: inout [Int]) -> [Float] {
        var sums = [Float](repeating: 0, count: 3 * k)
        var counts = [Int](repeating: 0, count: k)
        labels.withUnsafeBufferPointer { l in
            sums.withUnsafeMutableBufferPointer { sums in
                counts.withUnsafeMutableBufferPointer { counts in
                    for i in 0..<n {
                        let c = l[i]
                        sums[3 * c] += s[3 * i]
                        sums[3 * c + 1] += s[3 * i + 1]
                        sums[3 * c + 2] += s[3 * i + 2]
                        counts[c] += 1
                    }
                }
            }
        }
        for empty in 0..<k where counts[empty] == 0 {
            var largest = 0
            for other in 1..<k where counts[largest] < counts[other] { largest = other }
            let scale = 1 / Float(counts[largest])
            let centre = [sums[3 * largest] * scale, sums[3 * largest + 1] * scale, sums[3 * largest + 2] * scale]
            var farthest = -1, farthestDistance = 0.0
            centre.withUnsafeBufferPointer { c in
                for i in 0..<n where labels[i] == largest {
                    let d = Double(distance(s, i, c, 0))
                    if farthestDistance <= d {
                        farthestDistance = d
                        farthest = i
                    }
                }
            }
            counts[largest] -= 1
            counts[empty] += 1
            labels[farthest] = empty
            for j in 0..<3 {
                sums[3 * largest + j] -= s[3 * farthest + j]
                sums[3 * empty + j] += s[3 * farthest + j]
            }
        }
        for cluster in 0..<k {
            let scale = 1 / Float(counts[cluster])
            for j in 0..<3 { sums[3 * cluster + j] *= scale }
        }
        return sums
    }
}
