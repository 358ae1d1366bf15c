//! PDF writer (placeholder until written).
