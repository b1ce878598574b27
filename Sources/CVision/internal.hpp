// Shared by CVision's .cpp files: the handle types that hold C++ objects and the guard that
// turns exceptions into status codes. Not part of the C interface.
#pragma once

#include "cvision.h"

#include <opencv2/core.hpp>

#include <dlib/error.h>

#include <new>
#include <stdexcept>
#include <string>

struct cvision_image {
    cv::Mat mat;
};

inline thread_local std::string cvision_last_message;

template <typename Body>
cvision_status cvision_guarded(cvision_status failure, Body body) {
    try {
        cvision_last_message.clear();
        body();
        return CVISION_OK;
    } catch (const std::bad_alloc &) {
        cvision_last_message = "out of memory";
        return CVISION_ERR_OUT_OF_MEMORY;
    } catch (const cv::Exception &e) {
        cvision_last_message = e.what();
        return failure;
    } catch (const dlib::error &e) {
        cvision_last_message = e.what();
        return failure;
    } catch (const std::exception &e) {
        cvision_last_message = e.what();
        return failure;
    } catch (...) {
        cvision_last_message = "unknown C++ exception";
        return CVISION_ERR_UNKNOWN;
    }
}

inline cvision_status cvision_invalid(const char *message) {
    cvision_last_message = message;
    return CVISION_ERR_INVALID_ARGUMENT;
}
