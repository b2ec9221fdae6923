"""Data sets as NumPy arrays: the bundled MNIST, other IDX folders, a user's own CSV, .npz or
picture folders, scikit-learn's digits; preprocessing, images.

Nothing here knows about Qt; the submodules are imported where they are used so that
``import playground.data`` stays cheap.
"""

from playground.data.dataset import Dataset, DatasetError

__all__ = ["Dataset", "DatasetError"]
