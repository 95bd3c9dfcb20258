"""Hyperparameter-tuning hooks around the training code (trainer/, copied into this image)."""
