//! Weekly progress reports (in progress).
