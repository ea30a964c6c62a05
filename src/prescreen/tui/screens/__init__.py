"""The screens of an interview, in the order a person meets them."""
