"""Product Video Studio: product photos and bullets in, a finished product video out, offline."""

import os

__version__ = "0.1.0"

# The studio works offline: onnxruntime would otherwise look up its telemetry host (a DNS query)
# each time a model session opens.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
