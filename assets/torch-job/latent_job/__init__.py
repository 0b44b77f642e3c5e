"""Latent Studio's PyTorch job runtime: the app's training step, data order and file formats in PyTorch.

Copied into every job folder that `latent-studio export-job` writes; networks.py beside train.py is
generated per job from the run's NetSpecs. Nothing here depends on the app being installed.
"""
