"""Image understanding and bullet -> image matching (OCR, visual cues, embeddings, fusion).

Importing the package loads nothing: OpenCV, ONNX Runtime and torch load only when an image
is analysed or a text embedded.
"""
