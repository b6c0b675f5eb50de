"""Trained model weights shipped as package data."""
