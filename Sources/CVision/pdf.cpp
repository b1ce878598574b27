// Forwarding bodies for the PDF part of cvision.h (cairo's PDF surface, written to memory).
#include "internal.hpp"

#include <cairo/cairo-pdf.h>
#include <cairo/cairo.h>

#include <opencv2/imgproc.hpp>

#include <cstdlib>
#include <memory>
#include <cstring>
#include <stdexcept>
#include <vector>

struct cvision_pdf {
    std::vector<unsigned char> bytes;
    cairo_surface_t *surface = nullptr;
    cairo_t *cr = nullptr;
    ~cvision_pdf() {
        if (cr) cairo_destroy(cr);
        if (surface) cairo_surface_destroy(surface);
    }
};

static cairo_status_t append(void *closure, const unsigned char *data, unsigned int length) {
    auto *bytes = static_cast<std::vector<unsigned char> *>(closure);
    bytes->insert(bytes->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
}

static void check(cairo_status_t status) {
    if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error(cairo_status_to_string(status));
}

cvision_status cvision_pdf_create(double width_pt, double height_pt, cvision_pdf **out) {
    return cvision_guarded(CVISION_ERR_ENCODE, [&] {
        auto pdf = std::make_unique<cvision_pdf>();
        pdf->surface = cairo_pdf_surface_create_for_stream(append, &pdf->bytes, width_pt, height_pt);
        check(cairo_surface_status(pdf->surface));
        pdf->cr = cairo_create(pdf->surface);
        check(cairo_status(pdf->cr));
        *out = pdf.release();
    });
}

void cvision_pdf_free(cvision_pdf *pdf) { delete pdf; }

struct cvision_pdf_image {
    cairo_surface_t *surface = nullptr;
    ~cvision_pdf_image() {
        if (surface) cairo_surface_destroy(surface);
    }
};

cvision_status cvision_pdf_image_create(const cvision_image *image, const uint8_t *jpeg, size_t jpeg_length,
                                        cvision_pdf_image **out) {
    if (image->mat.type() != CV_8UC3) return cvision_invalid("PDF images need an 8-bit BGR image");
    return cvision_guarded(CVISION_ERR_ENCODE, [&] {
        cv::Mat bgra;
        cv::cvtColor(image->mat, bgra, cv::COLOR_BGR2BGRA);  // cairo's RGB24 is B, G, R, x in memory
        auto result = std::make_unique<cvision_pdf_image>();
        result->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, bgra.cols, bgra.rows);
        check(cairo_surface_status(result->surface));
        cairo_surface_flush(result->surface);
        unsigned char *data = cairo_image_surface_get_data(result->surface);
        const int stride = cairo_image_surface_get_stride(result->surface);
        for (int y = 0; y < bgra.rows; ++y) std::memcpy(data + y * stride, bgra.ptr(y), static_cast<size_t>(bgra.cols) * 4);
        cairo_surface_mark_dirty(result->surface);
        if (jpeg && jpeg_length > 0) {
            // The PDF then embeds these JPEG bytes as they are instead of re-compressing.
            auto *copy = static_cast<unsigned char *>(std::malloc(jpeg_length));
            if (!copy) throw std::bad_alloc();
            std::memcpy(copy, jpeg, jpeg_length);
            check(cairo_surface_set_mime_data(result->surface, CAIRO_MIME_TYPE_JPEG, copy, jpeg_length, std::free, copy));
        }
        *out = result.release();
    });
}

void cvision_pdf_image_free(cvision_pdf_image *image) { delete image; }

cvision_status cvision_pdf_draw_image(cvision_pdf *pdf, const cvision_pdf_image *image, double x_pt, double y_pt,
                                      double width_pt, double height_pt) {
    return cvision_guarded(CVISION_ERR_ENCODE, [&] {
        const int w = cairo_image_surface_get_width(image->surface), h = cairo_image_surface_get_height(image->surface);
        cairo_save(pdf->cr);
        cairo_translate(pdf->cr, x_pt, y_pt);
        cairo_scale(pdf->cr, width_pt / w, height_pt / h);
        cairo_set_source_surface(pdf->cr, image->surface, 0, 0);
        cairo_paint(pdf->cr);
        cairo_restore(pdf->cr);
        check(cairo_status(pdf->cr));
    });
}

cvision_status cvision_pdf_line(cvision_pdf *pdf, double x0_pt, double y0_pt, double x1_pt, double y1_pt,
                                double width_pt, double gray) {
    return cvision_guarded(CVISION_ERR_ENCODE, [&] {
        cairo_set_source_rgb(pdf->cr, gray, gray, gray);
        cairo_set_line_width(pdf->cr, width_pt);
        cairo_move_to(pdf->cr, x0_pt, y0_pt);
        cairo_line_to(pdf->cr, x1_pt, y1_pt);
        cairo_stroke(pdf->cr);
        check(cairo_status(pdf->cr));
    });
}

cvision_status cvision_pdf_finish(cvision_pdf *pdf, uint8_t **bytes, size_t *length) {
    return cvision_guarded(CVISION_ERR_ENCODE, [&] {
        cairo_show_page(pdf->cr);
        cairo_destroy(pdf->cr);
        pdf->cr = nullptr;
        cairo_surface_finish(pdf->surface);
        check(cairo_surface_status(pdf->surface));
        auto *copy = static_cast<uint8_t *>(std::malloc(pdf->bytes.size()));
        if (!copy) throw std::bad_alloc();
        std::memcpy(copy, pdf->bytes.data(), pdf->bytes.size());
        *bytes = copy;
        *length = pdf->bytes.size();
    });
}
