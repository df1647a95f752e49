//! H rules: implementation-guide requirements (SNIP 2).
