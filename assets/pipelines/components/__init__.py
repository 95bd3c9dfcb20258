"""Lightweight KFP v2 components of the end2end pipeline, one per file.

Each component's body is self-contained (its imports are inside the function) because KFP
ships only the function's source to the container. packages_to_install pins the same versions
as requirements/python.txt, so a local run (kfp.local, in the project's venv) and a Vertex AI
run (a fresh python:3.11-slim container) execute the same library code; a test keeps the two
in step.
"""
