//! tick / untick CLI tests (issue 3).
