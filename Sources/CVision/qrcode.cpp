// Forwarding bodies for the QR part of cvision.h: OpenCV's objdetect encoder, and the
// wechat_qrcode module's reader (Debian's OpenCV is built without quirc, so objdetect's
// QRCodeDetector finds codes but cannot decode them).
#include "internal.hpp"

#include <opencv2/objdetect.hpp>
#include <opencv2/wechat_qrcode.hpp>

#include <algorithm>
#include <memory>
#include <cstring>
#include <string>
#include <vector>

cvision_status cvision_qr_encode(const char *text, int32_t version, cvision_image **out) {
    if (!text || !out) return cvision_invalid("text and out are required");
    return cvision_guarded(CVISION_ERR_ENCODE, [&] {
        auto result = std::make_unique<cvision_image>();
        cv::QRCodeEncoder::Params params;
        params.version = version;
        cv::Ptr<cv::QRCodeEncoder> encoder = cv::QRCodeEncoder::create(params);
        encoder->encode(std::string(text), result->mat);
        if (result->mat.empty()) throw std::runtime_error("the QR encoder produced no image");
        *out = result.release();
    });
}

cvision_status cvision_qr_decode(const cvision_image *image, char *buffer, size_t capacity, int32_t *found) {
    if (!image || !buffer || capacity == 0 || !found) return cvision_invalid("image, buffer and found are required");
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        // Without model files the reader uses its classic (non-CNN) detector.
        cv::wechat_qrcode::WeChatQRCode reader;
        std::vector<std::string> texts = reader.detectAndDecode(image->mat);
        std::string text = texts.empty() ? std::string() : texts.front();
        size_t n = std::min(text.size(), capacity - 1);
        std::memcpy(buffer, text.data(), n);
        buffer[n] = '\0';
        *found = text.empty() ? 0 : 1;
    });
}
