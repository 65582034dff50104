print("kg")
