import Foundation
import Testing
@testable import PhotoKit

@Suite struct ImageInputTests {
    let decoder = ImageDecoder()

    private func refusal(_ bytes: [UInt8]) -> InputRefusal? {
        do {
            _ = try decoder.decode(bytes)
            return nil
        } catch let refusal as InputRefusal {
            return refusal
        } catch {
            Issue.record("expected an InputRefusal, got \(error)")
            return nil
        }
    }

    @Test func emptyFileIsRefused() {
        #expect(refusal([]) == .empty)
        #expect(InputRefusal.empty.description.contains("empty"))
    }

    @Test func textFileNamedJpegIsRefusedAsText() {
        let refused = refusal(Array("This is not a photo.\n".utf8))
        #expect(refused == .unsupportedFormat(looksLike: "a text file"))
        #expect(refused?.description == "the file is a text file, not a JPEG, PNG or WebP photo")
    }

    @Test func otherContainersAreNamed() {
        #expect(refusal(Array("GIF89a......".utf8)) == .unsupportedFormat(looksLike: "a GIF image"))
        #expect(refusal([0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0]) == .unsupportedFormat(looksLike: "a HEIC/MP4 file"))
    }

    @Test func oversizedFileIsRefusedByByteCount() {
        // 60 MB of a JPEG's start: refused on its length, before any parsing.
        var bytes = [UInt8](repeating: 0, count: 60_000_000)
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF
        #expect(refusal(bytes) == .tooLarge(bytes: 60_000_000, limit: InputLimits.standard.maxBytes))
        #expect(refusal(bytes)?.description.contains("57.2 MB, more than the 40.0 MB allowed") == true)
    }

    @Test func pngHeaderOnlyBombIsRefusedBeforeDecoding() {
        // Just a signature and IHDR claiming 30000×30000: nothing to decode, so a refusal
        // here can only come from the header.
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        bytes += [0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 2, 0, 0, 0, 0, 0, 0, 0]
        #expect(refusal(bytes) == .tooManyPixels(width: 30000, height: 30000, limit: 50_000_000))
    }

    @Test(.enabled(if: Fixtures.available, Comment(rawValue: Fixtures.missingFixtures)))
    func realDecompressionBombIsRefusedByHeader() throws {
        let bytes = try Fixtures.bytes("bomb.png")
        #expect(bytes.count < 5_000_000, "the bomb is small on disk")
        let started = ContinuousClock.now
        #expect(refusal(bytes) == .tooManyPixels(width: 30000, height: 30000, limit: 50_000_000))
        #expect(ContinuousClock.now - started < .seconds(5), "refused without inflating 2.7 GB")
    }

    @Test(.enabled(if: Fixtures.available, Comment(rawValue: Fixtures.missingFixtures)))
    func truncatedJpegIsRefused() throws {
        let refused = refusal(try Fixtures.bytes("truncated.jpg"))
        #expect(refused == .corrupt(format: .jpeg, detail: "the file ends before the image data does"))
    }

    @Test func garbageAfterAValidHeaderIsRefusedAsCorrupt() {
        // A PNG whose IHDR is fine but whose data is not.
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        bytes += [0, 0, 1, 0, 0, 0, 1, 0, 8, 2, 0, 0, 0, 0x12, 0x34, 0x56, 0x78] + [UInt8](repeating: 0x42, count: 100)
        #expect(refusal(bytes)?.code == "corrupt_image")
    }

    @Test func tinyImageIsRefused() throws {
        let image = try Image.blank(width: 40, height: 30, channels: 3)
        let png = try PNGEncoder.encode(image)
        #expect(refusal(png) == .tooSmall(width: 40, height: 30, minimum: 64))
    }

    @Test(.enabled(if: Fixtures.available, Comment(rawValue: Fixtures.missingFixtures)),
          arguments: ["portrait.jpg", "portrait.png", "portrait.webp", "portrait-gray.png", "portrait-16bit.png",
                      "portrait-alpha.png", "portrait-cmyk.jpg", "portrait-exif-rotated.jpg"])
    func everyAcceptedKindDecodesToUprightEightBitColour(_ name: String) throws {
        let decoded = try decoder.decode(try Fixtures.bytes(name))
        #expect(decoded.image.channels == 3)
        #expect(decoded.image.depth == .uint8)
        #expect(decoded.image.width == 1536 && decoded.image.height == 1536)
        switch name {
        case "portrait-gray.png": #expect(decoded.conversions.contains("grayscale expanded to RGB"))
        case "portrait-16bit.png": #expect(decoded.conversions.contains("16-bit samples reduced to 8-bit"))
        case "portrait-alpha.png": #expect(decoded.conversions.contains("transparency flattened onto #FFFFFF"))
        case "portrait-cmyk.jpg": #expect(decoded.conversions.contains("CMYK converted to RGB"))
        case "portrait-exif-rotated.jpg": #expect(decoded.orientation == .right)
        default: #expect(decoded.conversions.isEmpty)
        }
    }

    @Test(.enabled(if: Fixtures.available, Comment(rawValue: Fixtures.missingFixtures)))
    func cmykAndAlphaKeepTheirColours() throws {
        let reference = try decoder.decode(try Fixtures.bytes("portrait.png")).image
        let cmyk = try decoder.decode(try Fixtures.bytes("portrait-cmyk.jpg")).image
        // Mean absolute difference per channel: a wrong CMYK inversion would be ~100.
        #expect(PixelStatistics.meanAbsoluteDifference(reference, cmyk) < 12)
        let alpha = try decoder.decode(try Fixtures.bytes("portrait-alpha.png")).image
        #expect(PixelStatistics.pixel(alpha, x: 5, y: 700) == [255, 255, 255], "transparent border becomes white")
        #expect(PixelStatistics.pixel(alpha, x: 700, y: 700) == PixelStatistics.pixel(reference, x: 700, y: 700))
    }

    @Test(.enabled(if: Fixtures.available, Comment(rawValue: Fixtures.missingFixtures)))
    func embeddedColourProfileIsConvertedToSRGB() throws {
        let plain = try decoder.decode(try Fixtures.bytes("portrait.jpg")).image
        let swapped = try decoder.decode(try Fixtures.bytes("portrait-swapped-profile.jpg"))
        #expect(swapped.conversions.contains { $0.hasPrefix("colour profile") && $0.hasSuffix("converted to sRGB") })
        // The profile says the stored red is green and vice versa: after conversion the
        // stored channels appear swapped.
        let stored = PixelStatistics.pixel(plain, x: 700, y: 1400), shown = PixelStatistics.pixel(swapped.image, x: 700, y: 1400)
        #expect(abs(Int(stored[2]) - Int(shown[1])) < 24 && abs(Int(stored[1]) - Int(shown[2])) < 24, "\(stored) → \(shown)")
        #expect(abs(Int(stored[2]) - Int(stored[1])) > 60, "the sample pixel (the orange suit) tells red from green")
        let srgb = try decoder.decode(try Fixtures.bytes("portrait-srgb-profile.jpg"))
        #expect(srgb.conversions.isEmpty, "an sRGB profile needs no conversion")
    }

    @Test(.enabled(if: Fixtures.available, Comment(rawValue: Fixtures.missingFixtures)))
    func exifRotatedPhoneShotIsTurnedUpright() throws {
        let upright = try decoder.decode(try Fixtures.bytes("portrait.jpg")).image
        let rotated = try decoder.decode(try Fixtures.bytes("portrait-exif-rotated.jpg")).image
        #expect(PixelStatistics.meanAbsoluteDifference(upright, rotated) < 4)
    }

    @Test func headersGiveSizeWithoutDecoding() throws {
        let webpLossless: [UInt8] = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8L".utf8) + [0, 0, 0, 0, 0x2F, 0x3F, 0xC0, 0x0F, 0x00, 0, 0, 0, 0, 0]
        let header = try ImageHeader.read(webpLossless)
        #expect(header.format == .webp && header.width == 64 && header.height == 64)
    }

    @Test func exifOrientationIsReadFromBothByteOrders() {
        for little in [true, false] {
            func u16(_ v: Int) -> [UInt8] { little ? [UInt8(v & 0xFF), UInt8(v >> 8)] : [UInt8(v >> 8), UInt8(v & 0xFF)] }
            func u32(_ v: Int) -> [UInt8] { little ? u16(v & 0xFFFF) + u16(v >> 16) : u16(v >> 16) + u16(v & 0xFFFF) }
            let tiff: [UInt8] = (little ? [0x49, 0x49] : [0x4D, 0x4D]) + u16(42) + u32(8) + u16(1)
                + u16(0x0112) + u16(3) + u32(1) + u16(8) + [0, 0] + u32(0)
            let app1: [UInt8] = [0xFF, 0xE1] + [UInt8((tiff.count + 8) >> 8), UInt8((tiff.count + 8) & 0xFF)] + Array("Exif".utf8) + [0, 0] + tiff
            let jpeg: [UInt8] = [0xFF, 0xD8] + app1 + [0xFF, 0xD9]
            #expect(ExifOrientation.read(from: jpeg, format: .jpeg) == .left)
        }
    }
}
