// Forwarding bodies for the matting calls of cvision.h (OpenCV contrib's alphamat and
// ximgproc modules). No logic: PhotoKit builds the trimap and decides what to solve.
#include "internal.hpp"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
// alphamat.hpp in OpenCV 4.6 uses cv types without including core.hpp itself.
#include <opencv2/alphamat.hpp>
#include <opencv2/ximgproc/edge_filter.hpp>

cvision_status cvision_alphamat_info_flow(const cvision_image *image, const cvision_image *trimap,
                                          cvision_image **out) {
    if (image->mat.type() != CV_8UC3) return cvision_invalid("matting needs an 8-bit BGR image");
    if (trimap->mat.type() != CV_8UC1 || trimap->mat.size() != image->mat.size())
        return cvision_invalid("the trimap must be one 8-bit channel of the image's size");
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cv::Mat alpha;
        cv::alphamat::infoFlow(image->mat, trimap->mat, alpha);
        *out = new cvision_image{std::move(alpha)};
    });
}

cvision_status cvision_guided_filter(const cvision_image *guide, const cvision_image *source,
                                     int32_t radius, double eps, int32_t depth, cvision_image **out) {
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cv::Mat result;
        cv::ximgproc::guidedFilter(guide->mat, source->mat, result, radius, eps, depth);
        *out = new cvision_image{std::move(result)};
    });
}

cvision_status cvision_morphology(const cvision_image *image, int32_t operation, int32_t diameter,
                                  cvision_image **out) {
    if (diameter < 1) return cvision_invalid("the structuring element needs a diameter of 1 or more");
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cv::Mat result;
        cv::Mat element = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(diameter, diameter));
        cv::morphologyEx(image->mat, result, operation, element);
        *out = new cvision_image{std::move(result)};
    });
}
