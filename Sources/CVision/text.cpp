// Forwarding bodies for the text part of cvision.h (cairo's toy text API over fontconfig).
#include "internal.hpp"

#include <cairo/cairo.h>

#include <stdexcept>

namespace {
struct cairo_context {
    cairo_surface_t *surface = nullptr;
    cairo_t *cr = nullptr;
    ~cairo_context() {
        if (cr) cairo_destroy(cr);
        if (surface) cairo_surface_destroy(surface);
    }
};

void check(cairo_status_t status) {
    if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error(cairo_status_to_string(status));
}

void select_font(cairo_t *cr, const char *family, double size_px, int32_t bold) {
    cairo_select_font_face(cr, family, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size_px);
}
}  // namespace

cvision_status cvision_text_extent(const char *text, const char *font_family, double size_px, int32_t bold,
                                   double *width, double *height) {
    if (!text || !font_family || !width || !height) return cvision_invalid("text, font and outputs are required");
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cairo_context context;
        context.surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
        check(cairo_surface_status(context.surface));
        context.cr = cairo_create(context.surface);
        select_font(context.cr, font_family, size_px, bold);
        cairo_text_extents_t extents;
        cairo_text_extents(context.cr, text, &extents);
        cairo_font_extents_t font;
        cairo_font_extents(context.cr, &font);
        check(cairo_status(context.cr));
        *width = extents.x_advance;
        *height = font.ascent + font.descent;
    });
}

cvision_status cvision_draw_text(cvision_image *image, const char *text, const char *font_family, double size_px,
                                 int32_t bold, double x, double y, const double rgba[4], double outline_px,
                                 const double outline_rgba[4]) {
    if (!image || !text || !font_family || !rgba) return cvision_invalid("image, text, font and colour are required");
    if (image->mat.type() != CV_8UC4) return cvision_invalid("text is drawn on an 8-bit BGRA image");
    const int stride = static_cast<int>(image->mat.step[0]);
    if (stride != cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, image->mat.cols)) return cvision_invalid("the image's rows are not contiguous");
    return cvision_guarded(CVISION_ERR_OPENCV, [&] {
        cairo_context context;
        // cairo's ARGB32 is B, G, R, A in memory on little-endian machines: OpenCV's BGRA.
        context.surface = cairo_image_surface_create_for_data(image->mat.data, CAIRO_FORMAT_ARGB32, image->mat.cols,
                                                              image->mat.rows, stride);
        check(cairo_surface_status(context.surface));
        context.cr = cairo_create(context.surface);
        select_font(context.cr, font_family, size_px, bold);
        cairo_move_to(context.cr, x, y);
        cairo_text_path(context.cr, text);
        if (outline_px > 0 && outline_rgba) {
            cairo_set_source_rgba(context.cr, outline_rgba[0], outline_rgba[1], outline_rgba[2], outline_rgba[3]);
            cairo_set_line_width(context.cr, outline_px * 2);
            cairo_set_line_join(context.cr, CAIRO_LINE_JOIN_ROUND);
            cairo_stroke_preserve(context.cr);
        }
        cairo_set_source_rgba(context.cr, rgba[0], rgba[1], rgba[2], rgba[3]);
        cairo_fill(context.cr);
        check(cairo_status(context.cr));
        cairo_surface_flush(context.surface);
    });
}
