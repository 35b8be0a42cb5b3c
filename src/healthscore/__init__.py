"""healthscore: score consumer health articles."""
from ._version import __version__
