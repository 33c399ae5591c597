"""Voice: TTS engines behind one interface, the voice library, text normalisation, takes.

Importing this package loads no model and no onnxruntime; the first synthesis does.
"""
