// Forwarding bodies for the face-descriptor part of cvision.h. The network type below is
// dlib's published architecture for dlib_face_recognition_resnet_model_v1.dat
// (dnn_face_recognition_ex.cpp); deserialising the model needs it spelled out.
#include "internal.hpp"

#include <dlib/dnn.h>
#include <dlib/image_processing.h>
#include <dlib/opencv.h>

#include <stdexcept>
#include <memory>
#include <string>

namespace {
using namespace dlib;

template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual = add_prev1<block<N, BN, 1, tag1<SUBNET>>>;

template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual_down = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<block<N, BN, 2, tag1<SUBNET>>>>>>;

template <int N, template <typename> class BN, int stride, typename SUBNET>
using block = BN<con<N, 3, 3, 1, 1, relu<BN<con<N, 3, 3, stride, stride, SUBNET>>>>>;

template <int N, typename SUBNET> using ares = relu<residual<block, N, affine, SUBNET>>;
template <int N, typename SUBNET> using ares_down = relu<residual_down<block, N, affine, SUBNET>>;

template <typename SUBNET> using alevel0 = ares_down<256, SUBNET>;
template <typename SUBNET> using alevel1 = ares<256, ares<256, ares_down<256, SUBNET>>>;
template <typename SUBNET> using alevel2 = ares<128, ares<128, ares_down<128, SUBNET>>>;
template <typename SUBNET> using alevel3 = ares<64, ares<64, ares<64, ares_down<64, SUBNET>>>>;
template <typename SUBNET> using alevel4 = ares<32, ares<32, ares<32, SUBNET>>>;

using anet_type = loss_metric<fc_no_bias<128, avg_pool_everything<alevel0<alevel1<alevel2<alevel3<alevel4<
    max_pool<3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2, input_rgb_image_sized<150>>>>>>>>>>>>>;
}  // namespace

struct cvision_face_encoder {
    anet_type net;
};

cvision_status cvision_face_encoder_load(const char *path, cvision_face_encoder **out) {
    return cvision_guarded(CVISION_ERR_MODEL, [&] {
        auto encoder = std::make_unique<cvision_face_encoder>();
        dlib::deserialize(path) >> encoder->net;
        *out = encoder.release();
    });
}

void cvision_face_encoder_free(cvision_face_encoder *encoder) { delete encoder; }

cvision_status cvision_face_descriptor(cvision_face_encoder *encoder, const cvision_image *image,
                                       cvision_face_box box, const double *points, int32_t count,
                                       float descriptor[128]) {
    if (image->mat.type() != CV_8UC3) return cvision_invalid("descriptors need an 8-bit BGR image");
    return cvision_guarded(CVISION_ERR_DLIB, [&] {
        std::vector<dlib::point> parts;
        for (int32_t i = 0; i < count; ++i)
            parts.emplace_back(static_cast<long>(points[2 * i]), static_cast<long>(points[2 * i + 1]));
        dlib::full_object_detection shape(dlib::rectangle(box.left, box.top, box.right, box.bottom), parts);
        dlib::matrix<dlib::rgb_pixel> chip;
        dlib::extract_image_chip(dlib::cv_image<dlib::bgr_pixel>(image->mat),
                                 dlib::get_face_chip_details(shape, 150, 0.25), chip);
        dlib::matrix<float, 0, 1> result = encoder->net(chip);
        for (int i = 0; i < 128; ++i) descriptor[i] = result(i);
    });
}
