//! DOCX writer (placeholder until written).
