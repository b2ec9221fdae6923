"""The engine's fast paths: the textbook arithmetic rearranged for speed.

Nothing here is needed to understand the engine; everything here is tested equal to the
textbook layer it replaces (``Dense``, the activations' ``forward``/``backward``, the losses'
``output_gradient`` and each optimizer's ``update_step``). ``Sequential`` chooses a path by the
capabilities an optimizer declares (``elementwise``, ``fused_update``,
``skips_zero_gradients``); the textbook modules never import this package.
"""

from .network import FastNetwork

__all__ = ["FastNetwork"]
