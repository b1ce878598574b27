import Foundation
import Testing
@testable import PhotoKit

@Suite(.enabled(if: Fixtures.available, Comment(rawValue: Fixtures.missingFixtures)))
struct EncodingTests {
    let image: Image = {
        let decoded = try! ImageDecoder().decode(try! Fixtures.bytes("portrait.jpg")).image
        return try! decoded.resized(width: 358, height: 358)
    }()

    @Test func qualitySearchLandsInsideTheWindowAtTheHighestQualityThatFits() throws {
        let window = PhotoSpec.Range(min: 14, max: 20)
        let jpeg = try JPEGEncoder.encode(image, fitting: window, qualities: 50...90, dpi: 350)
        #expect(jpeg.kilobytes <= 20)
        if jpeg.quality < 90 {
            let better = try JPEGEncoder.encode(image, quality: jpeg.quality + 1, dpi: 350)
            #expect(better.kilobytes > 20, "one step more quality would not fit")
        }
    }

    @Test func smallFilesAreNeverPadded() throws {
        let flat = try Image.blank(width: 358, height: 441, channels: 3)
        let jpeg = try JPEGEncoder.encode(flat, fitting: .init(min: 14, max: 20), qualities: 50...90, dpi: 350)
        #expect(jpeg.kilobytes < 14, "a flat image stays small; nothing is added to reach the window")
        #expect(jpeg.quality == 90)
    }

    @Test func jfifDensityCarriesTheDpi() throws {
        let jpeg = try JPEGEncoder.encode(image, quality: 80, dpi: 350)
        let density = try #require(JFIFDensity.read(jpeg.bytes))
        #expect(density.units == 1 && density.x == 350 && density.y == 350)
    }

    @Test func strippingRemovesExifButKeepsTheImageData() throws {
        let original = try Fixtures.bytes("portrait-exif-rotated.jpg")
        let stripped = try #require(MetadataStripper.strip(original))
        #expect(ExifOrientation.read(from: stripped, format: .jpeg) == .up, "EXIF gone")
        #expect(!stripped.containsSequence(Array("Exif".utf8)))
        let a = try ImageDecoder().decode(original).image, b = try ImageDecoder().decode(stripped).image
        #expect(a.width == b.height, "without the tag the stored pixels are shown as stored")
        #expect(stripped.suffix(2) == [0xFF, 0xD9])
    }
}

extension Array where Element == UInt8 {
    func containsSequence(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { Array(self[$0..<($0 + needle.count)]) == needle }
    }
}
