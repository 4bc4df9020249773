# overlay
