"""Rendering: the frame function, captions, subtitles and the ffmpeg export job.

Importing the package loads nothing, so ``import studio.render.plan`` (which the planner and
the UI need) does not pull in OpenCV, Pillow or numpy.
"""
