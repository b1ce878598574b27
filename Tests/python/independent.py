"""Geometry of a finished photo measured with OpenCV's own Haar cascades: a detector that
shares nothing with the dlib HOG detector and shape predictor that made the photo."""
import cv2
import numpy as np

_face = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
_eyes = [cv2.CascadeClassifier(cv2.data.haarcascades + name)
         for name in ("haarcascade_eye.xml", "haarcascade_eye_tree_eyeglasses.xml")]


def measure(path):
    """Returns the face box and the two eye centres (x, y), or None for what was not found."""
    image = cv2.imread(str(path))
    gray = cv2.equalizeHist(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    h, w = gray.shape
    faces = _face.detectMultiScale(gray, scaleFactor=1.05, minNeighbors=5, minSize=(w // 4, w // 4))
    if len(faces) == 0:
        return {"faces": 0, "face": None, "eyes": None, "size": (w, h)}
    x, y, fw, fh = max(faces, key=lambda f: f[2] * f[3])
    eyes = None
    for cascade in _eyes:
        upper = gray[y + fh // 6: y + fh // 2, x: x + fw]
        found = cascade.detectMultiScale(upper, scaleFactor=1.05, minNeighbors=5, minSize=(fw // 10, fw // 10))
        left = [e for e in found if e[0] + e[2] / 2 < fw / 2]
        right = [e for e in found if e[0] + e[2] / 2 >= fw / 2]
        if left and right:
            pick = lambda group: max(group, key=lambda e: e[2])
            centre = lambda e: (x + e[0] + e[2] / 2, y + fh // 6 + e[1] + e[3] / 2)
            eyes = (centre(pick(left)), centre(pick(right)))
            break
    return {"faces": len(faces), "face": (int(x), int(y), int(fw), int(fh)), "eyes": eyes, "size": (w, h)}
