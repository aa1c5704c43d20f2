"""prepare page."""

import streamlit as st

st.title("Prepare")
st.write("Coming together.")
