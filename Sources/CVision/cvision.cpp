// Forwarding bodies for cvision.h. Each function catches exceptions and maps them to a
// status code with a thread-local message; none decides anything on its own.
#include "internal.hpp"

#include <algorithm>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>
#include <dlib/opencv.h>

#include <lcms2.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <memory>
#include <string>
#include <vector>

static_assert(sizeof(int32_t) == 4, "cvision assumes 32-bit int32_t");
static_assert(CVISION_DEPTH_8U == CV_8U && CVISION_DEPTH_16U == CV_16U &&
                  CVISION_DEPTH_32F == CV_32F,
              "cvision depth codes must match OpenCV's");

struct cvision_face_detector {
    dlib::frontal_face_detector detector;
};
struct cvision_shape_predictor {
    dlib::shape_predictor predictor;
};

const char *cvision_last_error(void) { return cvision_last_message.c_str(); }

static cvision_image *wrap(cv::Mat mat) { return new cvision_image{std::move(mat)}; }

static cvision_status copy_out(const std::vector<uchar> &buffer, uint8_t **bytes, size_t *length) {
    auto *copy = static_cast<uint8_t *>(std::malloc(buffer.size()));
    if (!copy) return CVISION_ERR_OUT_OF_MEMORY;
    std::memcpy(copy, buffer.data(), buffer.size());
    *bytes = copy;
    *length = buffer.size();
    return CVISION_OK;
}

// ---- Images -----------------------------------------------------------------

void cvision_image_free(cvision_image *image) { delete image; }

void cvision_image_info(const cvision_image *image, int32_t *width, int32_t *height,
                        int32_t *channels, int32_t *depth) {
    *width = image->mat.cols;
    *height = image->mat.rows;
    *channels = image->mat.channels();
    *depth = image->mat.depth();
}

uint8_t *cvision_image_data(cvision_image *image, size_t *stride) {
    *stride = image->mat.step[0];
    return image->mat.data;
}

cvision_status cvision_image_create(int32_t width, int32_t height, int32_t channels,
                                    int32_t depth, cvision_image **out) {
    if (width <= 0 || height <= 0 || channels < 1 || channels > 4) return cvision_invalid("bad image size");
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        *out = wrap(cv::Mat::zeros(height, width, CV_MAKETYPE(depth, channels)));
    });
}

cvision_status cvision_image_crop(const cvision_image *image, int32_t x, int32_t y, int32_t w,
                                  int32_t h, cvision_image **out) {
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        *out = wrap(image->mat(cv::Rect(x, y, w, h)).clone());
    });
}

cvision_status cvision_decode(const uint8_t *bytes, size_t length, int32_t flags,
                              cvision_image **out) {
    return cvision_guarded(CVISION_ERR_DECODE, [&] {
        cv::Mat buffer(1, static_cast<int>(length), CV_8U, const_cast<uint8_t *>(bytes));
        cv::Mat mat = cv::imdecode(buffer, flags);
        if (mat.empty()) throw std::runtime_error("the image data could not be decoded");
        *out = wrap(std::move(mat));
    });
}

cvision_status cvision_encode_jpeg(const cvision_image *image, int32_t quality, int32_t optimize,
                                   uint8_t **bytes, size_t *length) {
    cvision_status status = CVISION_OK;
    cvision_status guard = cvision_guarded(CVISION_ERR_ENCODE, [&] {
        std::vector<int> params{cv::IMWRITE_JPEG_QUALITY, quality, cv::IMWRITE_JPEG_OPTIMIZE,
                                optimize};
        std::vector<uchar> buffer;
        if (!cv::imencode(".jpg", image->mat, buffer, params))
            throw std::runtime_error("JPEG encoder refused the image");
        status = copy_out(buffer, bytes, length);
    });
    return guard != CVISION_OK ? guard : status;
}

cvision_status cvision_encode_png(const cvision_image *image, int32_t compression,
                                  uint8_t **bytes, size_t *length) {
    cvision_status status = CVISION_OK;
    cvision_status guard = cvision_guarded(CVISION_ERR_ENCODE, [&] {
        std::vector<uchar> buffer;
        if (!cv::imencode(".png", image->mat, buffer, {cv::IMWRITE_PNG_COMPRESSION, compression}))
            throw std::runtime_error("PNG encoder refused the image");
        status = copy_out(buffer, bytes, length);
    });
    return guard != CVISION_OK ? guard : status;
}

void cvision_buffer_free(uint8_t *bytes) { std::free(bytes); }

cvision_status cvision_convert_color(const cvision_image *image, int32_t code, cvision_image **out) {
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cv::Mat result;
        cv::cvtColor(image->mat, result, code);
        *out = wrap(std::move(result));
    });
}

cvision_status cvision_convert_depth(const cvision_image *image, int32_t depth, double alpha,
                                     double beta, cvision_image **out) {
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cv::Mat result;
        image->mat.convertTo(result, depth, alpha, beta);
        *out = wrap(std::move(result));
    });
}

cvision_status cvision_resize(const cvision_image *image, int32_t width, int32_t height,
                              int32_t interpolation, cvision_image **out) {
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cv::Mat result;
        cv::resize(image->mat, result, cv::Size(width, height), 0, 0, interpolation);
        *out = wrap(std::move(result));
    });
}

cvision_status cvision_resize_region(const cvision_image *image, int32_t x, int32_t y, int32_t w,
                                     int32_t h, int32_t width, int32_t height,
                                     int32_t interpolation, cvision_image **out) {
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cv::Mat result;
        cv::resize(image->mat(cv::Rect(x, y, w, h)), result, cv::Size(width, height), 0, 0, interpolation);
        *out = wrap(std::move(result));
    });
}

cvision_status cvision_inpaint(const cvision_image *image, const cvision_image *mask, double radius,
                               cvision_image **out) {
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cv::Mat result;
        cv::inpaint(image->mat, mask->mat, result, radius, cv::INPAINT_TELEA);
        *out = wrap(std::move(result));
    });
}

cvision_status cvision_rotate(const cvision_image *image, int32_t code, cvision_image **out) {
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cv::Mat result;
        cv::rotate(image->mat, result, code);
        *out = wrap(std::move(result));
    });
}

cvision_status cvision_flip(const cvision_image *image, int32_t code, cvision_image **out) {
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cv::Mat result;
        cv::flip(image->mat, result, code);
        *out = wrap(std::move(result));
    });
}

cvision_status cvision_dft(const cvision_image *image, int32_t flags, cvision_image **out) {
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cv::Mat result;
        cv::dft(image->mat, result, flags);
        *out = wrap(std::move(result));
    });
}

cvision_status cvision_warp_affine(const cvision_image *image, const double matrix[6],
                                   int32_t width, int32_t height, int32_t interpolation,
                                   int32_t border_mode, const double border[4], cvision_image **out) {
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cv::Mat m(2, 3, CV_64F, const_cast<double *>(matrix));
        cv::Mat result;
        cv::warpAffine(image->mat, result, m, cv::Size(width, height), interpolation,
                       border_mode, cv::Scalar(border[0], border[1], border[2], border[3]));
        *out = wrap(std::move(result));
    });
}

cvision_status cvision_grabcut(const cvision_image *image, cvision_image *mask, int32_t iterations, uint64_t seed) {
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cv::theRNG() = cv::RNG(seed);
        cv::Mat background, foreground;
        cv::grabCut(image->mat, mask->mat, cv::Rect(), background, foreground, iterations,
                    cv::GC_INIT_WITH_MASK);
    });
}

cvision_status cvision_grabcut_initial_models(const cvision_image *image, const cvision_image *mask, uint64_t seed,
                                              double *background, double *foreground) {
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cv::theRNG() = cv::RNG(seed);
        cv::Mat labels = mask->mat.clone(), backgroundModel, foregroundModel;
        cv::grabCut(image->mat, labels, cv::Rect(), backgroundModel, foregroundModel, 0, cv::GC_INIT_WITH_MASK);
        std::copy_n(backgroundModel.ptr<double>(), 65, background);
        std::copy_n(foregroundModel.ptr<double>(), 65, foreground);
    });
}

// ---- Colour profiles ----------------------------------------------------------

cvision_status cvision_icc_to_srgb(cvision_image *image, const uint8_t *profile, size_t length) {
    if (image->mat.type() != CV_8UC3) return cvision_invalid("colour conversion needs an 8-bit BGR image");
    return cvision_guarded(CVISION_ERR_INVALID_ARGUMENT, [&] {
        cmsHPROFILE source = cmsOpenProfileFromMem(profile, static_cast<cmsUInt32Number>(length));
        if (!source) throw std::runtime_error("the ICC profile cannot be read");
        if (cmsGetColorSpace(source) != cmsSigRgbData) {
            cmsCloseProfile(source);
            throw std::runtime_error("the ICC profile is not an RGB profile");
        }
        cmsHPROFILE srgb = cmsCreate_sRGBProfile();
        cmsHTRANSFORM transform = cmsCreateTransform(source, TYPE_BGR_8, srgb, TYPE_BGR_8, INTENT_PERCEPTUAL, 0);
        cmsCloseProfile(source);
        cmsCloseProfile(srgb);
        if (!transform) throw std::runtime_error("no transform from this ICC profile to sRGB");
        for (int row = 0; row < image->mat.rows; ++row) {
            uint8_t *pixels = image->mat.ptr<uint8_t>(row);
            cmsDoTransform(transform, pixels, pixels, static_cast<cmsUInt32Number>(image->mat.cols));
        }
        cmsDeleteTransform(transform);
    });
}

cvision_status cvision_icc_description(const uint8_t *profile, size_t length, char *buffer,
                                       int32_t capacity) {
    return cvision_guarded(CVISION_ERR_INVALID_ARGUMENT, [&] {
        cmsHPROFILE handle = cmsOpenProfileFromMem(profile, static_cast<cmsUInt32Number>(length));
        if (!handle) throw std::runtime_error("the ICC profile cannot be read");
        cmsGetProfileInfoASCII(handle, cmsInfoDescription, "en", "US", buffer,
                               static_cast<cmsUInt32Number>(capacity));
        cmsCloseProfile(handle);
    });
}

// ---- Faces ------------------------------------------------------------------

cvision_status cvision_face_detector_create(cvision_face_detector **out) {
    return cvision_guarded(CVISION_ERR_DLIB, [&] {
        *out = new cvision_face_detector{dlib::get_frontal_face_detector()};
    });
}

cvision_status cvision_face_detector_copy(const cvision_face_detector *source, int32_t max_pyramid_levels,
                                          cvision_face_detector **out) {
    if (max_pyramid_levels < 0) return cvision_invalid("a face detector scans at least one pyramid level");
    return cvision_guarded(CVISION_ERR_DLIB, [&] {
        const auto &original = source->detector;
        if (max_pyramid_levels == 0) {
            *out = new cvision_face_detector{original};
            return;
        }
        dlib::frontal_face_detector::image_scanner_type scanner;
        scanner.copy_configuration(original.get_scanner());
        scanner.set_max_pyramid_levels(static_cast<unsigned long>(max_pyramid_levels));
        std::vector<dlib::frontal_face_detector::feature_vector_type> weights;
        for (unsigned long i = 0; i < original.num_detectors(); ++i) weights.push_back(original.get_w(i));
        *out = new cvision_face_detector{dlib::frontal_face_detector(scanner, original.get_overlap_tester(), weights)};
    });
}

void cvision_face_detector_free(cvision_face_detector *detector) { delete detector; }

cvision_status cvision_detect_faces(cvision_face_detector *detector, const cvision_image *image,
                                    int32_t upsample, double threshold, cvision_face_box *boxes,
                                    int32_t capacity, int32_t *count) {
    if (image->mat.depth() != CV_8U || (image->mat.channels() != 3 && image->mat.channels() != 1))
        return cvision_invalid("face detection needs an 8-bit BGR or gray image");
    return cvision_guarded(CVISION_ERR_DLIB, [&] {
        std::vector<dlib::rect_detection> found;
        if (image->mat.channels() == 3) {
            dlib::array2d<unsigned char> gray;
            dlib::assign_image(gray, dlib::cv_image<dlib::bgr_pixel>(image->mat));
            for (int i = 0; i < upsample; ++i) dlib::pyramid_up(gray);
            detector->detector(gray, found, threshold);
        } else {
            dlib::array2d<unsigned char> gray;
            dlib::assign_image(gray, dlib::cv_image<unsigned char>(image->mat));
            for (int i = 0; i < upsample; ++i) dlib::pyramid_up(gray);
            detector->detector(gray, found, threshold);
        }
        const double factor = static_cast<double>(1 << upsample);
        *count = static_cast<int32_t>(found.size());
        for (int32_t i = 0; i < capacity && i < *count; ++i) {
            const auto &r = found[i].rect;
            boxes[i] = cvision_face_box{
                static_cast<int32_t>(r.left() / factor), static_cast<int32_t>(r.top() / factor),
                static_cast<int32_t>(r.right() / factor), static_cast<int32_t>(r.bottom() / factor),
                found[i].detection_confidence};
        }
    });
}

cvision_status cvision_shape_predictor_load(const char *path, cvision_shape_predictor **out) {
    return cvision_guarded(CVISION_ERR_MODEL, [&] {
        auto holder = std::make_unique<cvision_shape_predictor>();
        dlib::deserialize(path) >> holder->predictor;
        *out = holder.release();
    });
}

void cvision_shape_predictor_free(cvision_shape_predictor *predictor) { delete predictor; }

int32_t cvision_shape_predictor_parts(const cvision_shape_predictor *predictor) {
    return static_cast<int32_t>(predictor->predictor.num_parts());
}

cvision_status cvision_predict_shape(const cvision_shape_predictor *predictor,
                                     const cvision_image *image, cvision_face_box box,
                                     double *points, int32_t capacity) {
    if (image->mat.type() != CV_8UC3) return cvision_invalid("landmarks need an 8-bit BGR image");
    return cvision_guarded(CVISION_ERR_DLIB, [&] {
        dlib::cv_image<dlib::bgr_pixel> view(image->mat);
        dlib::full_object_detection shape = predictor->predictor(
            view, dlib::rectangle(box.left, box.top, box.right, box.bottom));
        const int32_t parts = static_cast<int32_t>(shape.num_parts());
        if (capacity < 2 * parts) throw std::runtime_error("landmark buffer too small");
        for (int32_t i = 0; i < parts; ++i) {
            points[2 * i] = shape.part(i).x();
            points[2 * i + 1] = shape.part(i).y();
        }
    });
}
