"""The training code of the platform's training and tuning containers.

model.py is where a team plugs in its own estimator; task.py is the container's entrypoint
and the function the pipeline's local training step calls, so both run the same code.
"""
