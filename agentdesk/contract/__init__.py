"""The REST contract: pydantic v2 schemas shared by the server and the client.

Neither side redefines a payload; the published OpenAPI document is generated from these.
"""
