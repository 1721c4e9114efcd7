//! Administrative documents in the NĐ 30/2020/NĐ-CP layout (Word and PDF).
