"""My tasks: the agent's worklist of callbacks and care calls, and the actions shared with the
360's Tasks tab."""
