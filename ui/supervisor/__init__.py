"""The supervisor's console: queue wall, agent grid, waiting calls, complaint board, trends."""
