"""The platform's custom prediction container: a small HTTP server on Vertex AI's contract.

predictor.py is where a team plugs in its own model code; main.py is the server.
"""
