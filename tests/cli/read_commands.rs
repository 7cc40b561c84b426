//! status / tree / export CLI tests.
