"""Official documents: PDF rendering, the issued-document store (sha256) and public verification."""
