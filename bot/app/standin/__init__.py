"""A local stand-in for Slack: a fake Web API server and signed deliveries into the app.

`tandem demo` plays its week against it, and the tests use the same one, so neither needs a
workspace, a token or the network.
"""
