print("gachabot")
