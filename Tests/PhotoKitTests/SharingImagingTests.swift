import Foundation
import Testing
@testable import PhotoKit

/// The grant QR codes and the purpose watermark on photos handed to departments.
struct SharingImagingTests {
    @Test func qrCodesReadBackToTheirText() throws {
        let png = try QRCode.png("K7QMA-4XR9C", moduleSize: 6)
        let image = try ImageDecoder().decode(png).image
        #expect(image.width == image.height && image.width % 6 == 0)
        #expect(try QRCode.read(png) == "K7QMA-4XR9C")
        // Scaled by 1.5 and placed off-centre in a larger grey frame, as a camera sees a phone.
        let grey = image.channels == 1 ? image : try image.converted(.bgrToGray)  // the decoder hands back BGR
        let small = try grey.resized(width: image.width * 3 / 2, height: image.height * 3 / 2, interpolation: .linear)
        let frame = try Image.blank(width: 640, height: 480, channels: 1)
        frame.withPixels { target, stride in
            for y in 0..<480 { for x in 0..<640 { target[y * stride + x] = 180 } }
            small.withPixels { source, sourceStride in
                for y in 0..<small.height { for x in 0..<small.width { target[(y + 100) * stride + x + 250] = source[y * sourceStride + x] } }
            }
        }
        #expect(try QRCode.read(frame) == "K7QMA-4XR9C")
        #expect(try QRCode.read(try Image.blank(width: 200, height: 200, channels: 1)) == nil)
    }

    /// OpenCV 4.6's encoder alone makes unreadable codes at these lengths (one byte past the
    /// capacity of versions 13–16); capture links are this long.
    @Test(arguments: [367, 368, 426, 459, 521])
    func longLinksAtVersionBoundariesReadBack(length: Int) throws {
        let link = "https://photo.example/capture#link1." + String(repeating: "q", count: length - 36)
        #expect(link.utf8.count == length)
        #expect(try QRCode.read(try QRCode.png(link, moduleSize: 2)) == link)
    }

    @Test func watermarkMarksTheBottomBandAndKeepsSizeAndDensity() throws {
        let photo = try Image.blank(width: 358, height: 441, channels: 3)
        photo.withPixels { pixels, stride in
            for y in 0..<441 { for x in 0..<(358 * 3) { pixels[y * stride + x] = 40 } }
        }
        let jpeg = try JPEGEncoder.encode(photo, quality: 90, dpi: 350).bytes
        let marked = try PurposeWatermark(purposeZh: "医保卡申领", purposeEn: "medical insurance card", date: "2026-11-23").apply(toJPEG: jpeg)
        let image = try ImageDecoder().decode(marked).image
        #expect(image.width == 358 && image.height == 441)
        #expect(JFIFDensity.read(marked)?.x == 350)
        // The top stays as it was; the band at the bottom is lighter, with dark red text on it.
        let (top, bottom, reddish) = image.withPixels { pixels, stride -> (Int, Int, Int) in
            var top = 0, bottom = 0, reddish = 0
            for x in 0..<358 {
                top = max(top, Int(pixels[10 * stride + x * 3 + 1]))
                bottom = max(bottom, Int(pixels[430 * stride + x * 3 + 1]))
            }
            for y in 380..<441 { for x in 0..<358 {
                let p = y * stride + x * 3
                if pixels[p + 2] > 110 && pixels[p + 1] < 60 { reddish += 1 }
            } }
            return (top, bottom, reddish)
        }
        #expect(top < 60)
        #expect(bottom > 150)
        #expect(reddish > 300, "text was drawn (\(reddish) red pixels)")
    }
}
