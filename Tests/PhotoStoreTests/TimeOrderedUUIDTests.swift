import Foundation
@testable import PhotoStore
import Testing

/// Audit records are keyed by version 7 UUIDs so their inserts land at the end of the index.
@Suite struct TimeOrderedUUIDTests {
    @Test func carriesTheMillisecondsFirstAndSortsByTimeAsTextAndBytes() {
        let early = Date(timeIntervalSince1970: 1_796_000_000.123)
        let ids = (0..<50).map { UUID.timeOrdered(at: Date(timeIntervalSince1970: Double(1_796_000_000_123 + $0) / 1000)) }
        let first = ids[0].uuidString
        #expect(first.hasPrefix(String(format: "%08llX-%04llX", 1_796_000_000_123 >> 16, 1_796_000_000_123 & 0xFFFF)))
        #expect(ids.allSatisfy { Array($0.uuidString)[14] == "7" }, "version 7")
        #expect(ids.allSatisfy { "89AB".contains(Array($0.uuidString)[19]) }, "RFC variant")
        #expect(ids.map(\.uuidString) == ids.map(\.uuidString).sorted(), "text order is time order (SQLite stores the text)")
        #expect(Set(ids).count == ids.count)
        let sameMillisecond = (0..<1000).map { _ in UUID.timeOrdered(at: early) }
        #expect(Set(sameMillisecond).count == 1000, "74 random bits apart within one millisecond")
    }
}
