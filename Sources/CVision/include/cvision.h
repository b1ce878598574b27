// CVision: a plain C ABI over OpenCV 4.6 and dlib 19.24.
//
// Every function forwards one call, catches C++ exceptions at the boundary and
// returns a status code; cvision_last_error() gives the message for the calling
// thread. Handles are opaque. There is no logic here: PhotoKit decides what to call.
#ifndef CVISION_H
#define CVISION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CVISION_OK = 0,
    CVISION_ERR_INVALID_ARGUMENT = 1,
    CVISION_ERR_DECODE = 2,
    CVISION_ERR_ENCODE = 3,
    CVISION_ERR_MODEL = 4,
    CVISION_ERR_OPENCV = 5,
    CVISION_ERR_DLIB = 6,
    CVISION_ERR_OUT_OF_MEMORY = 7,
    CVISION_ERR_UNKNOWN = 8
} cvision_status;

/// Message of the last failed call on this thread ("" when none).
const char *cvision_last_error(void);

// ---- Images (cv::Mat) -------------------------------------------------------

typedef struct cvision_image cvision_image;

/// Element depth of an image, as OpenCV's CV_8U / CV_16U / CV_32F.
typedef enum {
    CVISION_DEPTH_8U = 0,
    CVISION_DEPTH_16U = 2,
    CVISION_DEPTH_32F = 5
} cvision_depth;

void cvision_image_free(cvision_image *image);
/// Width, height, channel count and depth of an image.
void cvision_image_info(const cvision_image *image, int32_t *width, int32_t *height,
                        int32_t *channels, int32_t *depth);
/// Pointer to the first pixel and the row stride in bytes; valid while the image lives.
uint8_t *cvision_image_data(cvision_image *image, size_t *stride);
/// A new zero-filled image.
cvision_status cvision_image_create(int32_t width, int32_t height, int32_t channels,
                                    int32_t depth, cvision_image **out);
/// A copy of the rectangle (x, y, w, h), which must lie inside the image.
cvision_status cvision_image_crop(const cvision_image *image, int32_t x, int32_t y,
                                  int32_t w, int32_t h, cvision_image **out);

/// cv::imdecode with the given cv::ImreadModes flags.
cvision_status cvision_decode(const uint8_t *bytes, size_t length, int32_t flags,
                              cvision_image **out);
/// cv::imencode to baseline JPEG with quality 0-100 and optimized Huffman tables when
/// optimize != 0.
cvision_status cvision_encode_jpeg(const cvision_image *image, int32_t quality, int32_t optimize,
                                   uint8_t **bytes, size_t *length);
/// cv::imencode to PNG.
cvision_status cvision_encode_png(const cvision_image *image, int32_t compression,
                                  uint8_t **bytes, size_t *length);
void cvision_buffer_free(uint8_t *bytes);

/// cv::cvtColor with a cv::ColorConversionCodes code.
cvision_status cvision_convert_color(const cvision_image *image, int32_t code, cvision_image **out);
/// cv::Mat::convertTo(depth, alpha, beta).
cvision_status cvision_convert_depth(const cvision_image *image, int32_t depth, double alpha,
                                     double beta, cvision_image **out);
/// cv::resize to (width, height) with a cv::InterpolationFlags value.
cvision_status cvision_resize(const cvision_image *image, int32_t width, int32_t height,
                              int32_t interpolation, cvision_image **out);
/// cv::resize of the rectangle (x, y, w, h) of `image`, read in place (no copy of it).
cvision_status cvision_resize_region(const cvision_image *image, int32_t x, int32_t y, int32_t w,
                                     int32_t h, int32_t width, int32_t height,
                                     int32_t interpolation, cvision_image **out);
/// cv::rotate with a cv::RotateFlags code.
cvision_status cvision_rotate(const cvision_image *image, int32_t code, cvision_image **out);
/// cv::inpaint with INPAINT_TELEA: fills the pixels where the 8-bit one-channel `mask` is
/// non-zero from their surroundings, `radius` pixels around each.
cvision_status cvision_inpaint(const cvision_image *image, const cvision_image *mask, double radius,
                               cvision_image **out);
/// cv::flip with OpenCV's flip code.
cvision_status cvision_flip(const cvision_image *image, int32_t code, cvision_image **out);
/// cv::dft of a one-channel 32-bit float image with cv::DftFlags (e.g. DFT_COMPLEX_OUTPUT
/// gives a two-channel real/imaginary result).
cvision_status cvision_dft(const cvision_image *image, int32_t flags, cvision_image **out);
/// cv::warpAffine with a row-major 2x3 matrix (source -> destination); border_mode is
/// OpenCV's (0 constant, with `border` as the colour; 4 reflect-101).
cvision_status cvision_warp_affine(const cvision_image *image, const double matrix[6],
                                   int32_t width, int32_t height, int32_t interpolation,
                                   int32_t border_mode, const double border[4], cvision_image **out);

/// cv::grabCut in mask mode. `mask` is a one-channel 8-bit image of cv::GrabCutClasses
/// values, updated in place. The calling thread's cv::theRNG() (which seeds GrabCut's
/// k-means) is first set to `seed`, so equal inputs give equal cuts on any thread
/// (0xFFFFFFFF is OpenCV's initial state).
cvision_status cvision_grabcut(const cvision_image *image, cvision_image *mask,
                               int32_t iterations, uint64_t seed);
/// The colour models cv::grabCut starts from (its k-means on `mask`'s two sides, with the
/// calling thread's cv::theRNG() set to `seed`), written to `background` and `foreground`
/// (65 doubles each in OpenCV's layout: the 5 component weights, then the 5 means of 3,
/// then the 5 covariances of 9); `mask` is left as it is.
cvision_status cvision_grabcut_initial_models(const cvision_image *image, const cvision_image *mask, uint64_t seed,
                                              double *background, double *foreground);

// ---- Matting (OpenCV contrib: alphamat, ximgproc) ---------------------------

/// cv::alphamat::infoFlow (Aksoy et al. 2017, information-flow matting): `image` 8-bit BGR,
/// `trimap` one-channel 8-bit (0 backdrop, 255 person, anything else unknown); `out`
/// receives a one-channel 8-bit alpha of the same size.
cvision_status cvision_alphamat_info_flow(const cvision_image *image, const cvision_image *trimap,
                                          cvision_image **out);
/// cv::ximgproc::guidedFilter (He et al.) of `source` guided by `guide`, with the window
/// radius in pixels, the regularisation `eps` (in squared units of the guide's values)
/// and the output depth (-1: as the source).
cvision_status cvision_guided_filter(const cvision_image *guide, const cvision_image *source,
                                     int32_t radius, double eps, int32_t depth, cvision_image **out);
/// cv::morphologyEx with a cv::MorphTypes operation and an elliptic structuring element
/// of the given diameter in pixels.
cvision_status cvision_morphology(const cvision_image *image, int32_t operation, int32_t diameter,
                                  cvision_image **out);

// ---- Colour profiles (Little CMS) ---------------------------------------

/// Converts an 8-bit BGR image, in place, from the RGB colour space an ICC profile
/// describes to sRGB (perceptual intent). Fails for a profile that is not RGB.
cvision_status cvision_icc_to_srgb(cvision_image *image, const uint8_t *profile, size_t length);
/// The profile's English description (e.g. "sRGB IEC61966-2.1"), NUL-terminated.
cvision_status cvision_icc_description(const uint8_t *profile, size_t length, char *buffer,
                                       int32_t capacity);

// ---- PDF (cairo) ------------------------------------------------------------

typedef struct cvision_pdf cvision_pdf;

/// A one-page PDF of the given size in points (1/72 inch), written to memory.
cvision_status cvision_pdf_create(double width_pt, double height_pt, cvision_pdf **out);
void cvision_pdf_free(cvision_pdf *pdf);
typedef struct cvision_pdf_image cvision_pdf_image;

/// An 8-bit BGR image ready to be painted into PDFs, any number of times (the document
/// stores it once). When `jpeg` is given (the same picture's JPEG bytes) the PDF embeds
/// those bytes unchanged.
cvision_status cvision_pdf_image_create(const cvision_image *image, const uint8_t *jpeg, size_t jpeg_length,
                                        cvision_pdf_image **out);
void cvision_pdf_image_free(cvision_pdf_image *image);
/// Paints an image into the rectangle (points, origin top left).
cvision_status cvision_pdf_draw_image(cvision_pdf *pdf, const cvision_pdf_image *image, double x_pt, double y_pt,
                                      double width_pt, double height_pt);
/// A straight line of the given width (points) and grey level (0 black – 1 white).
cvision_status cvision_pdf_line(cvision_pdf *pdf, double x0_pt, double y0_pt, double x1_pt, double y1_pt,
                                double width_pt, double gray);
/// Ends the page and hands back the PDF's bytes (free with cvision_buffer_free). The
/// document cannot be drawn on afterwards; free it.
cvision_status cvision_pdf_finish(cvision_pdf *pdf, uint8_t **bytes, size_t *length);

// ---- Faces (dlib) -----------------------------------------------------------

typedef struct cvision_face_detector cvision_face_detector;
typedef struct cvision_shape_predictor cvision_shape_predictor;

typedef struct {
    int32_t left, top, right, bottom;
    double score;
} cvision_face_box;

/// dlib::get_frontal_face_detector (HOG + linear SVM; no model file).
cvision_status cvision_face_detector_create(cvision_face_detector **out);
/// A copy of `source` (which is not changed) that scans at most `max_pyramid_levels` levels
/// of its image pyramid (0: all of them). Copying skips decoding the detector again.
cvision_status cvision_face_detector_copy(const cvision_face_detector *source, int32_t max_pyramid_levels,
                                          cvision_face_detector **out);
void cvision_face_detector_free(cvision_face_detector *detector);
/// Runs the detector on an 8-bit BGR or gray image, upsampling `upsample` times, keeping
/// detections with score >= threshold. Writes up to `capacity` boxes; `count` receives
/// the number found (which may exceed capacity).
cvision_status cvision_detect_faces(cvision_face_detector *detector, const cvision_image *image,
                                    int32_t upsample, double threshold, cvision_face_box *boxes,
                                    int32_t capacity, int32_t *count);

typedef struct cvision_cnn_face_detector cvision_cnn_face_detector;

/// dlib's CNN (MMOD) face detector (mmod_human_face_detector.dat): slower than the HOG
/// detector, but finds faces that are turned, tilted, badly lit or partly covered.
cvision_status cvision_cnn_face_detector_load(const char *path, cvision_cnn_face_detector **out);
void cvision_cnn_face_detector_free(cvision_cnn_face_detector *detector);
/// Runs the CNN detector on an 8-bit BGR image, keeping detections whose confidence exceeds
/// `threshold` (dlib's adjust_threshold; 0 is the model's operating point). Writes up to
/// `capacity` boxes (score = detection confidence); `count` receives the number found.
cvision_status cvision_cnn_detect_faces(cvision_cnn_face_detector *detector, const cvision_image *image,
                                        double threshold, cvision_face_box *boxes, int32_t capacity,
                                        int32_t *count);

/// dlib::shape_predictor deserialized from a .dat file.
cvision_status cvision_shape_predictor_load(const char *path, cvision_shape_predictor **out);
void cvision_shape_predictor_free(cvision_shape_predictor *predictor);
/// Number of parts the predictor finds (68 for the iBUG model).
int32_t cvision_shape_predictor_parts(const cvision_shape_predictor *predictor);
/// Landmarks inside `box` on an 8-bit BGR image; writes 2 * parts doubles (x, y, ...).
cvision_status cvision_predict_shape(const cvision_shape_predictor *predictor,
                                     const cvision_image *image, cvision_face_box box,
                                     double *points, int32_t capacity);

// ---- Face descriptors (dlib ResNet) ---------------------------------------

typedef struct cvision_face_encoder cvision_face_encoder;

/// dlib's ResNet metric network (dlib_face_recognition_resnet_model_v1.dat).
cvision_status cvision_face_encoder_load(const char *path, cvision_face_encoder **out);
void cvision_face_encoder_free(cvision_face_encoder *encoder);
/// The 128-dimensional descriptor of the face whose 68 landmarks (x, y pairs) are given:
/// dlib's 150 px aligned chip with 0.25 padding, run through the network.
cvision_status cvision_face_descriptor(cvision_face_encoder *encoder, const cvision_image *image,
                                       cvision_face_box box, const double *points, int32_t count,
                                       float descriptor[128]);


// ---- QR codes (OpenCV objdetect, wechat_qrcode) ---------------------------------------------

/// cv::QRCodeEncoder::encode of a UTF-8 text at QR version `version` (1–40), or the encoder's own
/// choice when 0: one pixel per module, 8-bit grey, no quiet zone (the caller scales it and adds the margin).
cvision_status cvision_qr_encode(const char *text, int32_t version, cvision_image **out);
/// cv::wechat_qrcode::WeChatQRCode::detectAndDecode (no CNN models). Writes the decoded text (NUL-terminated, cut to
/// capacity) to buffer and sets *found to 1, or sets *found to 0 when no code was read.
cvision_status cvision_qr_decode(const cvision_image *image, char *buffer, size_t capacity,
                                 int32_t *found);

// ---- Text (cairo, fonts through fontconfig) -----------------------------------

/// Width and height in pixels of UTF-8 text set in font_family at size_px
/// (cairo_text_extents: ink width, and the font's ascent + descent as height).
cvision_status cvision_text_extent(const char *text, const char *font_family, double size_px,
                                   int32_t bold, double *width, double *height);
/// Draws UTF-8 text with its baseline starting at (x, y) onto an 8-bit BGRA image in
/// place, in the colour (r, g, b, a) each 0-1, with an outline of outline_px in the
/// colour (or, og, ob, oa) first when outline_px > 0.
cvision_status cvision_draw_text(cvision_image *image, const char *text, const char *font_family,
                                 double size_px, int32_t bold, double x, double y,
                                 const double rgba[4], double outline_px, const double outline_rgba[4]);

#ifdef __cplusplus
}
#endif

#endif
