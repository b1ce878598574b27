// Forwarding bodies for the CNN face detector part of cvision.h. The network type below is
// dlib's published architecture for mmod_human_face_detector.dat
// (dnn_mmod_face_detection_ex.cpp); deserialising the model needs it spelled out.
#include "internal.hpp"

#include <dlib/dnn.h>
#include <dlib/image_processing.h>
#include <dlib/opencv.h>

#include <memory>

namespace {
using namespace dlib;

template <long num_filters, typename SUBNET> using con5d = con<num_filters, 5, 5, 2, 2, SUBNET>;
template <long num_filters, typename SUBNET> using con5 = con<num_filters, 5, 5, 1, 1, SUBNET>;
template <typename SUBNET>
using downsampler = relu<affine<con5d<32, relu<affine<con5d<32, relu<affine<con5d<16, SUBNET>>>>>>>>>;
template <typename SUBNET> using rcon5 = relu<affine<con5<45, SUBNET>>>;

using mmod_net_type = loss_mmod<con<1, 9, 9, 1, 1, rcon5<rcon5<rcon5<downsampler<
    input_rgb_image_pyramid<pyramid_down<6>>>>>>>>;
}  // namespace

struct cvision_cnn_face_detector {
    mmod_net_type net;
};

cvision_status cvision_cnn_face_detector_load(const char *path, cvision_cnn_face_detector **out) {
    return cvision_guarded(CVISION_ERR_MODEL, [&] {
        auto detector = std::make_unique<cvision_cnn_face_detector>();
        dlib::deserialize(path) >> detector->net;
        *out = detector.release();
    });
}

void cvision_cnn_face_detector_free(cvision_cnn_face_detector *detector) { delete detector; }

cvision_status cvision_cnn_detect_faces(cvision_cnn_face_detector *detector, const cvision_image *image,
                                        double threshold, cvision_face_box *boxes, int32_t capacity,
                                        int32_t *count) {
    if (image->mat.type() != CV_8UC3) return cvision_invalid("face detection needs an 8-bit BGR image");
    return cvision_guarded(CVISION_ERR_DLIB, [&] {
        dlib::matrix<dlib::rgb_pixel> rgb;
        dlib::assign_image(rgb, dlib::cv_image<dlib::bgr_pixel>(image->mat));
        std::vector<dlib::mmod_rect> found = detector->net.process(rgb, threshold);
        // The network keeps every layer's output (hundreds of MB at this size) until told.
        detector->net.clean();
        *count = static_cast<int32_t>(found.size());
        for (int32_t i = 0; i < capacity && i < static_cast<int32_t>(found.size()); ++i) {
            const auto &r = found[i].rect;
            boxes[i] = cvision_face_box{static_cast<int32_t>(r.left()), static_cast<int32_t>(r.top()),
                                        static_cast<int32_t>(r.right()), static_cast<int32_t>(r.bottom()),
                                        found[i].detection_confidence};
        }
    });
}
