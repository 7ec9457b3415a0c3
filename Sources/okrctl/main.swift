import ArgumentParser
print("okrctl")
