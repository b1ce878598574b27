import Testing
@testable import PhotoKit

@Suite struct FaceAnalyzerTests {
    @Test func wideAndTallFramesGetAPortraitSquareForTheSecondLook() {
        #expect(FaceAnalyzer.portraitSquare(of: Size(width: 1920, height: 1080)) == PixelRect(x: 420, y: 0, width: 1080, height: 1080))
        #expect(FaceAnalyzer.portraitSquare(of: Size(width: 970, height: 2204)) == PixelRect(x: 0, y: 220, width: 970, height: 970))
        #expect(FaceAnalyzer.portraitSquare(of: Size(width: 600, height: 700)) == nil, "a near-square frame is looked at whole only")
        #expect(FaceAnalyzer.portraitSquare(of: Size(width: 600, height: 800)) == PixelRect(x: 0, y: 80, width: 600, height: 600))
        #expect(FaceAnalyzer.portraitSquare(of: Size(width: 100, height: 1000)) == PixelRect(x: 0, y: 100, width: 100, height: 100))
    }
}
