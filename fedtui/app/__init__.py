"""Application services the UI calls: the context, compose requests, explain. No Textual."""
