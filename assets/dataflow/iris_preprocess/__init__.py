"""Daily preprocessing of the ingested CSV with Apache Beam and TensorFlow Data Validation.

Runs on the DirectRunner locally and in the tests, and on Dataflow in the platform (the
ingestion DAG launches it after the day's CSV lands). See iris_preprocess.pipeline.
"""
