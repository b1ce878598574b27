import Foundation
import Testing
@testable import PhotoKit

/// Shortcuts taken for speed give exactly what the plain way gives.
@Suite struct ShortcutEquivalenceTests {
    @Test func quantileBySelectionEqualsNearestRankOfTheSortedSample() {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 3, 10, 257, 10_000] {
            // Few distinct values (like 8-bit pixels, with long runs of equal ones) and sorted
            // runs, the cases a naive quickselect handles badly.
            let coarse = (0..<count).map { _ in Float(Int.random(in: 0...12, using: &generator)) }
            let smooth = (0..<count).map { _ in Float.random(in: -50...50, using: &generator) }
            for sample in [coarse, smooth, coarse.sorted(), smooth.sorted(by: >)] {
                let sorted = sample.sorted()
                for p in [0, 0.02, 0.3, 0.5, 0.7, 0.98, 1] {
                    let rank = min(sorted.count - 1, max(0, Int((p * Double(sorted.count - 1)).rounded())))
                    #expect(Statistics.quantile(sample, p) == Double(sorted[rank]), "n=\(count) p=\(p)")
                }
            }
        }
        #expect(Statistics.quantile([], 0.5).isNaN)
    }

    @Test func resizingARectangleInPlaceEqualsCroppingThenResizing() throws {
        let image = try Image.blank(width: 640, height: 480, channels: 3)
        image.withPixels { data, stride in
            for y in 0..<480 { for x in 0..<640 { for c in 0..<3 { data[y * stride + x * 3 + c] = UInt8((x * 7 + y * 13 + c * 50) % 256) } } }
        }
        let rect = PixelRect(x: 37, y: 21, width: 411, height: 333)
        for (width, height, interpolation) in [(137, 111, Image.Interpolation.area), (90, 70, .area), (600, 500, .linear)] {
            let inPlace = try image.resized(rect, width: width, height: height, interpolation: interpolation)
            let copied = try image.cropped(to: rect).resized(width: width, height: height, interpolation: interpolation)
            #expect(inPlace.size == copied.size)
            #expect(PixelStatistics.meanAbsoluteDifference(inPlace, copied) == 0)
        }
    }
}
