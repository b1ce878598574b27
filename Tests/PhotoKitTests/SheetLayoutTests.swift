import Testing
@testable import PhotoKit

@Suite struct SheetLayoutTests {
    let catalog = try! SpecCatalog.bundled()

    func mm(_ code: String) -> PhotoSpec.Millimetres { catalog.spec(code)!.printMillimetres! }

    func expectCuttable(_ layout: SheetLayout) {
        let m = SheetLayout.margin - 1e-9, g = SheetLayout.gap - 1e-9
        for (i, a) in layout.placements.enumerated() {
            #expect(a.x >= m && a.y >= m && a.x + a.width <= layout.paper.width - m && a.y + a.height <= layout.paper.height - m,
                    "photo \(i) inside the printable area")
            for b in layout.placements[(i + 1)...] {
                let apart = a.x + a.width + g <= b.x || b.x + b.width + g <= a.x || a.y + a.height + g <= b.y || b.y + b.height + g <= a.y
                #expect(apart, "photos \(i) and a later one are at least a gap apart")
            }
        }
    }

    @Test func sixInchSheetHoldsTheTradeCounts() {
        // standards.md: ID card 12, two-inch 4, small two-inch 6–8, large one-inch 6–8, one-inch 8–10 or more.
        let paper = catalog.papers["6inch"]!
        for (code, expected) in [("cn-id-card", 12), ("two-inch", 4), ("small-two-inch", 8), ("large-one-inch", 8), ("one-inch", 12)] {
            let layout = SheetLayout.plan(paper: paper, photos: [mm(code)], counts: [nil])
            #expect(layout.placements.count == expected, "\(code): \(layout.placements.count)")
            #expect(layout.placements.allSatisfy { $0.width == mm(code).width && $0.height == mm(code).height }, "exact size")
            expectCuttable(layout)
        }
    }

    @Test func mixedSizesShareASheetAndExtraCopiesAreLeftOut() {
        let paper = catalog.papers["6inch"]!
        let mixed = SheetLayout.plan(paper: paper, photos: [mm("one-inch"), mm("two-inch")], counts: [4, 2])
        #expect(mixed.placements.map(\.photo) == [0, 0, 0, 0, 1, 1])
        expectCuttable(mixed)
        let tooMany = SheetLayout.plan(paper: paper, photos: [mm("two-inch")], counts: [9])
        #expect(tooMany.placements.count == 4)
    }

    @Test func paperIsTurnedWhenThatHoldsMore() {
        // 45 mm wide photos: three across only on the turned 152 × 102 sheet.
        let wide = PhotoSpec.Millimetres(width: 45, height: 30)
        let layout = SheetLayout.plan(paper: catalog.papers["6inch"]!, photos: [wide], counts: [nil])
        #expect(layout.paper.width == 152 && layout.placements.count == 9)
        expectCuttable(layout)
    }
}
