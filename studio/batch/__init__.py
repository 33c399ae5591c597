"""Catalogue runs: every SKU of a catalogue rendered by the same jobs as `studio render`, on a
local process pool or on Ray, resumable and recorded in a manifest (see ``runner``)."""

from studio.batch.catalogue import Catalogue, SkuSpec, read_catalogue
from studio.batch.manifest import Record, latest, read_records
from studio.batch.runner import BatchOptions, BatchProgress, BatchSummary, SkuState, batch_job
from studio.batch.settings import BatchSettings

__all__ = [
    "BatchOptions",
    "BatchProgress",
    "BatchSettings",
    "BatchSummary",
    "Catalogue",
    "Record",
    "SkuSpec",
    "SkuState",
    "batch_job",
    "latest",
    "read_catalogue",
    "read_records",
]
